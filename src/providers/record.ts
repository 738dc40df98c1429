/**
 * The recorder: sends a request set to any Nova and returns a cassette of its answers.
 * Secrets never leave this module unredacted (see src/cassette/redact.ts).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { NOVA_RELEASES } from '../microversion/releases.js';
import { normalizeHeaders } from '../http/message.js';
import { buildInteraction, type SentRequest } from '../cassette/interaction.js';
import { createRawClient, type RawClient } from '../cassette/raw-http.js';
import { createRedactor, idsInToken, passwordsInBody } from '../cassette/redact.js';
import type { RequestSet } from '../cassette/request-set.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteInteraction } from '../cassette/types.js';
import { resolveTarget } from '../nova/target.js';
import { findDebianNova, harnessProfile, type DebianNova } from './real-nova/debian-releases.js';
import { launchRealNova } from './real-nova/real-nova-provider.js';
import { VERSION } from '../version.js';

/** The default token: noauth2 admin of the default world's project. */
export const DEFAULT_RECORD_TOKEN = 'admin:6f70656e737461636b20726f636b7321';

export interface RecordOptions {
  /** Base URL of the Nova to record, e.g. `http://127.0.0.1:8774` or an emulator `http://127.0.0.1:8774/@zed`. */
  readonly targetUrl: string;
  /** `X-Auth-Token` to send; default {@link DEFAULT_RECORD_TOKEN}. */
  readonly token?: string;
  readonly requestSet: RequestSet;
  /** More ids to redact, besides the user and project of a `<user>:<project>` token (always redacted). */
  readonly redactIds?: readonly string[];
  /** Target id the answers stand for; default inferred from the announced maximum microversion. */
  readonly targetId?: string;
  readonly novaVersion?: string | null;
  readonly note?: string | null;
  /** Project id put into `{project_id}`; default the token's project. */
  readonly projectId?: string;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

export interface RecordResult {
  readonly cassette: Cassette;
  /** Names of requests skipped because an earlier request had the same key. */
  readonly duplicates: readonly string[];
}

function describeFailure(url: string, error: unknown): MvmError {
  return new MvmError(ERROR_CODES.PROVIDER, `cannot reach Nova at ${url}: ${(error as Error).message}`, {
    where: '--target',
    hint: 'check that the Nova API is running and the URL is its base (the one whose /v2.1/ is the version document)',
    cause: error,
  });
}

async function discoverMaxMicroversion(client: RawClient, base: string, token: string): Promise<string | null> {
  const response = await client.send(new URL(`${base}/v2.1/`), 'GET', { 'X-Auth-Token': token, Accept: 'application/json' }, '');
  if (response.status !== 200) return null;
  try {
    const doc = JSON.parse(response.body) as { version?: { version?: unknown } };
    return typeof doc.version?.version === 'string' && doc.version.version !== '' ? doc.version.version : null;
  } catch {
    return null;
  }
}

/** `zed` when exactly one release has that maximum, else `mv-<max>`. */
export function inferTargetId(max: string): string {
  const releases = NOVA_RELEASES.filter((r) => `${r.maxMicroversion.major}.${r.maxMicroversion.minor}` === max);
  return releases.length === 1 ? releases[0]!.name : `mv-${max}`;
}

/** Records `requestSet` from the Nova at `targetUrl`. Throws PROVIDER errors when it cannot be reached. */
export async function recordCassette(options: RecordOptions): Promise<RecordResult> {
  const base = options.targetUrl.replace(/\/+$/, '');
  let origin: URL;
  try {
    origin = new URL(base);
  } catch {
    throw new MvmError(ERROR_CODES.USAGE, `'${options.targetUrl}' is not a URL`, { where: '--target' });
  }
  const token = options.token ?? DEFAULT_RECORD_TOKEN;
  const ids = [...idsInToken(token), ...(options.redactIds ?? [])];
  // Passwords the requests carry are secrets wherever an answer echoes them, in any quoting.
  const passwords = options.requestSet.requests.flatMap((r) => passwordsInBody(r.body ?? ''));
  const projectId = options.projectId ?? idsInToken(token)[1] ?? null;
  // The member token only exists for noauth2 tokens (there the user part is the user).
  const memberToken = projectId && idsInToken(token).length === 2 ? `member:${projectId}` : undefined;
  const redactor = createRedactor({ secrets: [token, ...(memberToken ? [memberToken] : []), ...passwords], ids });
  const client = createRawClient(options.timeoutMs);
  try {
    let max: string | null;
    try {
      max = await discoverMaxMicroversion(client, base, token);
    } catch (error) {
      throw describeFailure(base, error);
    }
    const targetId = options.targetId ?? (max ? inferTargetId(max) : undefined);
    if (!targetId) {
      throw new MvmError(ERROR_CODES.USAGE, `Nova at ${base} announced no maximum microversion; say which target it is`, {
        where: '--target-id',
        hint: 'pass --target-id zed (or mv-2.47, zed@2.60)',
      });
    }
    const target = resolveTarget(targetId, '--target-id');

    const interactions: CassetteInteraction[] = [];
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const spec of options.requestSet.requests) {
      const server = spec.serverRef ? options.requestSet.servers[spec.serverRef] : undefined;
      if (spec.path.includes('{server_id}') && !server) {
        throw new MvmError(ERROR_CODES.INVALID_INPUT, `request '${spec.name}' names server role '${spec.serverRef ?? ''}' that the request set does not define`, { where: '--requests' });
      }
      if (spec.path.includes('{project_id}') && !projectId) {
        throw new MvmError(ERROR_CODES.USAGE, `request '${spec.name}' needs a project id and the token names none`, { where: '--token', hint: 'use a <user>:<project> token' });
      }
      const path = spec.path.replace('{server_id}', server?.id ?? '').replace('{project_id}', projectId ?? '');
      const caller = spec.caller ?? 'admin';
      if (caller === 'member' && !memberToken) {
        throw new MvmError(ERROR_CODES.USAGE, `request '${spec.name}' is sent as a member, which needs a noauth2 <user>:<project> token`, { where: '--token' });
      }
      const headers: Record<string, string> = { Accept: 'application/json', ...(spec.headers ?? {}) };
      if (caller !== 'none') headers['X-Auth-Token'] = caller === 'member' ? memberToken! : token;
      const body = spec.body ?? '';
      const sent: SentRequest = { method: spec.method, path, headers: normalizeHeaders(headers), body };
      let received;
      try {
        received = await client.send(new URL(base + path), spec.method, headers, body);
      } catch (error) {
        throw describeFailure(base, error);
      }
      const interaction = buildInteraction(spec.name, sent, received, {
        redactor,
        projectIds: projectId ? [projectId] : [],
        serverRef: spec.serverRef ?? null,
        caller,
        newStyleHeader: target.release.newStyleHeader,
        baseUrl: base,
      });
      if (seen.has(interaction.key)) {
        duplicates.push(spec.name);
        continue;
      }
      seen.add(interaction.key);
      interactions.push(interaction);
    }

    const servers: Record<string, { id: string; host: string | null }> = {};
    for (const [role, s] of Object.entries(options.requestSet.servers)) servers[role] = { id: redactor.text(s.id), host: s.host };
    const cassette: Cassette = {
      format: CASSETTE_FORMAT,
      version: CASSETTE_VERSION,
      metadata: {
        recordedAt: (options.now ?? (() => new Date()))().toISOString(),
        targetOrigin: `${origin.protocol}//${origin.hostname}`,
        target: target.id,
        maxMicroversion: max,
        novaVersion: options.novaVersion ?? null,
        mvmatrixVersion: VERSION,
        requestSet: options.requestSet.name,
        note: options.note ?? null,
      },
      servers,
      interactions,
    };
    return { cassette, duplicates };
  } finally {
    client.close();
  }
}

/** How a real-Nova cassette of `nova` says it was made. */
export function realNovaNote(nova: DebianNova): string {
  const auth = harnessProfile(nova.release).auth === 'noauth2' ? 'noauth2' : "noauth2's stand-in (this release has no noauth2)";
  return `fresh real Nova API (Debian ${nova.suite} python3-nova, ${auth}, sqlite, fake transport, default world seeded) started by mvmatrix on 127.0.0.1`;
}

/**
 * Starts a fresh real Nova of `release` (default zed; a container, or the host's python3-nova
 * without Docker, see src/providers/real-nova), records `requestSet` from it and stops it.
 * The target id is the release. PREREQUISITE error when neither can run.
 */
export async function recordRealNova(
  options: Omit<RecordOptions, 'targetUrl' | 'novaVersion'> & { readonly release?: string; readonly onProgress?: (line: string) => void },
): Promise<RecordResult> {
  const debian = findDebianNova(options.release ?? 'zed', '--release');
  const nova = await launchRealNova(debian, options.onProgress ? { onProgress: options.onProgress } : {});
  try {
    return await recordCassette({
      ...options,
      targetUrl: nova.url,
      targetId: options.targetId ?? debian.release.name,
      novaVersion: nova.novaVersion,
      note: options.note ?? realNovaNote(debian),
    });
  } finally {
    await nova.close();
  }
}
