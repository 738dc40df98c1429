/**
 * Pact names: a consumer is a client (profile) at its version, a provider is one Nova target
 * (a release, or a Nova whose maximum microversion is a band edge). Pure.
 */

/** What naming needs of a client profile; `client`/`clientVersion` come with versioned profiles. */
export interface ConsumerProfile {
  readonly id: string;
  readonly client?: string | undefined;
  readonly clientVersion?: string | undefined;
  /** The microversion the user pins (`--os-compute-api-version 2.25`), if any. */
  readonly microversionPin?: string | null | undefined;
}

/**
 * `horizon@27.0.0` when the profile names its client and version (`novaclient@18.13.1+mv2.25`
 * when the user pins a microversion: a pin is the user's choice, and a Nova too old for it must
 * not make the client itself undeployable), else the profile id.
 */
export function consumerName(profile: ConsumerProfile): string {
  if (!profile.client || !profile.clientVersion) return profile.id;
  return `${profile.client}@${profile.clientVersion}${profile.microversionPin ? `+mv${profile.microversionPin}` : ''}`;
}

/**
 * The provider of a target id: `zed` → `nova-zed`, `mv-2.30` → `nova-max-2.30`,
 * `zed@2.60` → `nova-zed-max-2.60`.
 */
export function providerName(targetId: string): string {
  const mv = /^mv-(.+)$/.exec(targetId);
  if (mv) return `nova-max-${mv[1]}`;
  const at = targetId.indexOf('@');
  return at > 0 ? `nova-${targetId.slice(0, at)}-max-${targetId.slice(at + 1)}` : `nova-${targetId}`;
}

/** The target id back from a provider name (inverse of {@link providerName}), or undefined. */
export function targetOfProvider(provider: string): string | undefined {
  const m = /^nova-(?:max-(.+)|(.+?)-max-(.+)|(.+))$/.exec(provider);
  if (!m) return undefined;
  if (m[1] !== undefined) return `mv-${m[1]}`;
  if (m[2] !== undefined) return `${m[2]}@${m[3]}`;
  return m[4];
}
