/**
 * The profile id grammar (docs/request-builders.md, "Profile ids"). Pure.
 *
 *   <client>[@<release>][+mv<microversion>]
 *
 * `<client>` is a family (`horizon`, `horizon-proposed`, `novaclient`, `openstacksdk`,
 * `openstackclient`), `<release>` the client's own release (three numbers, `18.13.1`; omitted =
 * the newest Debian ships), `+mv<microversion>` the microversion the user pins
 * (`novaclient@18.13.1+mv2.25` = `Client("2.25")`). Before client releases became an axis,
 * `novaclient@2.25` meant the pinned microversion: a two-number `@<major>.<minor>` (and
 * `@latest`) is still read that way.
 */

export interface ProfileIdParts {
  readonly client: string;
  /** `null` = the newest release. */
  readonly release: string | null;
  /** The pinned microversion as written (`2.25`), or `null`. */
  readonly pin: string | null;
}

const ID_PATTERN = /^([a-z][a-z0-9-]*)(?:@([0-9][0-9.]*|latest))?(?:\+mv([0-9][0-9.]*))?$/;
const RELEASE_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const MICROVERSION_PATTERN = /^([1-9]\d*)\.(0|[1-9]\d*)$/;

/** Splits an id into its parts, or returns a sentence saying what is wrong with it. */
export function parseProfileId(id: string): ProfileIdParts | string {
  const match = ID_PATTERN.exec(id);
  if (!match) return 'a profile id reads <client>[@<release>][+mv<microversion>], e.g. novaclient@18.13.1+mv2.25';
  const [, client = '', at, pin] = match;
  if (pin !== undefined && !MICROVERSION_PATTERN.test(pin)) return `'${pin}' after +mv is not a microversion (write it as 2.MINOR)`;
  if (at === undefined) return { client, release: null, pin: pin ?? null };
  if (at === 'latest') return pin === undefined ? { client, release: null, pin: null } : `'@latest' cannot be combined with +mv${pin}`;
  if (RELEASE_PATTERN.test(at)) return { client, release: at, pin: pin ?? null };
  if (MICROVERSION_PATTERN.test(at) && pin === undefined) return { client, release: null, pin: at };
  return `'${at}' is neither a client release (three numbers, e.g. 18.13.1) nor a microversion (2.MINOR)`;
}

/** The canonical id of a profile. */
export function formatProfileId(client: string, release: string, pin: string | null): string {
  return `${client}@${release}${pin === null ? '' : `+mv${pin}`}`;
}
