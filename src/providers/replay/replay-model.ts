/**
 * Answering a request from a cassette: find the recorded interaction with the same key and
 * give back its response; or, on a miss, a diagnostic no Nova would ever send (status 598).
 */
import type { HttpRequest, HttpResponse } from '../../http/message.js';
import { cassetteRequest } from '../../cassette/interaction.js';
import { callerOfToken, looseKeyString, mediaType, templatePath } from '../../cassette/key.js';
import { createRedactor } from '../../cassette/redact.js';
import { BASE_URL_PLACEHOLDER, type Cassette, type CassetteInteraction, type CassetteRequest } from '../../cassette/types.js';
import { findRelease } from '../../microversion/releases.js';
import { resolveTarget } from '../../nova/target.js';

/** Status of a replay miss: outside every status Nova uses, so it cannot pass for an answer. */
export const REPLAY_MISS_STATUS = 598;
/** Header set on a miss: `X-Mvmatrix-Replay: miss`. */
export const REPLAY_HEADER = 'X-Mvmatrix-Replay';

export interface ReplayIndex {
  readonly cassette: Cassette;
  readonly newStyleHeader: boolean;
  readonly byKey: ReadonlyMap<string, CassetteInteraction>;
  /** Interactions by key without the raw header spelling, first recorded first. */
  readonly byLooseKey: ReadonlyMap<string, readonly CassetteInteraction[]>;
  /** Server role by recorded id. */
  readonly roleById: ReadonlyMap<string, string>;
}

export type ReplayAnswer =
  | { readonly kind: 'hit'; readonly interaction: CassetteInteraction; readonly response: HttpResponse }
  | { readonly kind: 'miss'; readonly key: string; readonly nearest: readonly string[]; readonly response: HttpResponse };

function readsNewStyleHeader(targetId: string): boolean {
  try {
    return resolveTarget(targetId).release.newStyleHeader;
  } catch {
    return findRelease(targetId)?.newStyleHeader ?? true;
  }
}

/** Indexes a cassette for lookups. */
export function indexCassette(cassette: Cassette): ReplayIndex {
  const byKey = new Map<string, CassetteInteraction>();
  const byLooseKey = new Map<string, CassetteInteraction[]>();
  for (const interaction of cassette.interactions) {
    byKey.set(interaction.key, interaction);
    const loose = looseKeyString(interaction.request);
    const list = byLooseKey.get(loose);
    if (list) list.push(interaction);
    else byLooseKey.set(loose, [interaction]);
  }
  const roleById = new Map<string, string>();
  for (const [role, server] of Object.entries(cassette.servers)) roleById.set(server.id, role);
  return { cassette, newStyleHeader: readsNewStyleHeader(cassette.metadata.target), byKey, byLooseKey, roleById };
}

// Only the password rule applies: the recording's secrets are, by design, not in the cassette.
const replayRedactor = createRedactor();

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

type KeyedRequest = Pick<CassetteRequest, 'method' | 'pathTemplate' | 'serverRef' | 'caller' | 'microversion' | 'contentType' | 'bodyKey'>;

function versionNumber(effective: string): number | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(effective);
  return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

/** How far a recorded request is from a wanted one: differing key parts first, then the nearer microversion, then text. */
function distance(wanted: KeyedRequest, wantedKey: string, recorded: CassetteInteraction): [number, number, number] {
  const r = recorded.request;
  const parts = [
    wanted.method === r.method,
    wanted.pathTemplate === r.pathTemplate,
    wanted.serverRef === r.serverRef,
    wanted.caller === r.caller,
    wanted.microversion.effective === r.microversion.effective,
    wanted.bodyKey === r.bodyKey,
    mediaType(wanted.contentType) === mediaType(r.contentType),
  ].filter((same) => !same).length;
  const a = versionNumber(wanted.microversion.effective);
  const b = versionNumber(r.microversion.effective);
  const versionGap = a !== undefined && b !== undefined ? Math.abs(a - b) : 1_000_000;
  return [parts, versionGap, levenshtein(wantedKey, recorded.key)];
}

/**
 * The `count` recorded keys closest to a request (see {@link distance}; ties in recording
 * order), one per loose key so header-spelling variants do not crowd out other neighbours.
 */
export function nearestKeys(index: ReplayIndex, wanted: KeyedRequest, wantedKey: string, count = 3): string[] {
  const ranked = index.cassette.interactions
    .map((interaction, order) => ({ interaction, order, d: distance(wanted, wantedKey, interaction) }))
    .sort((x, y) => x.d[0] - y.d[0] || x.d[1] - y.d[1] || x.d[2] - y.d[2] || x.order - y.order);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { interaction } of ranked) {
    const loose = looseKeyString(interaction.request);
    if (seen.has(loose)) continue;
    seen.add(loose);
    out.push(interaction.key);
    if (out.length === count) break;
  }
  return out;
}

/**
 * Answers `request` from the cassette. `baseUrl` (no trailing slash) replaces the recorded
 * base URL in bodies and headers; a different id of an unknown server replaces the recorded one.
 */
export function replayRequest(index: ReplayIndex, request: HttpRequest, baseUrl: string): ReplayAnswer {
  const path = request.query === '' ? request.path : `${request.path}?${request.query}`;
  const serverId = templatePath(path).serverId;
  const serverRef = serverId === null ? null : (index.roleById.get(serverId) ?? 'unknown');
  const { request: keyed, key } = cassetteRequest(
    { method: request.method, path, headers: request.headers, body: request.body },
    { redactor: replayRedactor, projectIds: [], serverRef, caller: callerOfToken(request.headers['x-auth-token']), newStyleHeader: index.newStyleHeader },
  );
  const interaction =
    index.byKey.get(key) ??
    // Another spelling of the same valid microversion gets the same answer from Nova; a
    // malformed one does not (its raw text is in the message, and in the effective key).
    index.byLooseKey.get(looseKeyString(keyed))?.[0];
  if (!interaction) {
    const nearest = nearestKeys(index, keyed, key);
    // The commonest miss by hand: no token (or another caller) where the recording used admin.
    const callers = (['admin', 'member', 'none'] as const).filter((c) => c !== keyed.caller && index.byLooseKey.has(looseKeyString({ ...keyed, caller: c })));
    const hint =
      callers.length > 0
        ? `recorded only for caller ${callers.join(', ')}: ${callers[0] === 'none' ? 'send no X-Auth-Token' : `send X-Auth-Token ${callers[0]}:<project>`}`
        : undefined;
    const body = JSON.stringify({
      mvmatrixReplayMiss: { key, nearest, message: 'this request was not recorded in the cassette', ...(hint === undefined ? {} : { hint }) },
    });
    return {
      kind: 'miss',
      key,
      nearest,
      response: { status: REPLAY_MISS_STATUS, headers: [['Content-Type', 'application/json'], [REPLAY_HEADER, 'miss']], body },
    };
  }
  const recordedServerId = templatePath(interaction.request.path).serverId;
  const swapId = (text: string): string =>
    serverId !== null && recordedServerId !== null && serverId !== recordedServerId ? text.split(recordedServerId).join(serverId) : text;
  const restore = (text: string): string => swapId(text.split(BASE_URL_PLACEHOLDER).join(baseUrl));
  return {
    kind: 'hit',
    interaction,
    response: {
      status: interaction.response.status,
      headers: interaction.response.headers.map(([n, v]) => [n, restore(v)] as const),
      body: restore(interaction.response.body),
    },
  };
}
