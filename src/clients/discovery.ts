/**
 * Version discovery as each client family performs it, through an injected GET, and the
 * pure parser of Nova's version documents (facts §1.7, §5.1). Pure apart from `get`.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { compareMicroversions, tryParseMicroversion, type Microversion } from '../microversion/version.js';
import type { DiscoveredRange, DiscoveryProcedure, HttpGet } from './types.js';

/** What one version document says, before a client's procedure decides what to do with it. */
export type VersionDocument =
  | { readonly kind: 'range'; readonly min: Microversion; readonly max: Microversion }
  /** A document without microversions (v2.0, or an empty `version`). */
  | { readonly kind: 'none'; readonly reason: string }
  /** Not a version document (wrong status, not JSON, neither `version` nor `versions`). */
  | { readonly kind: 'invalid'; readonly reason: string };

interface VersionEntry {
  id?: unknown;
  status?: unknown;
  version?: unknown;
  max_version?: unknown;
  min_version?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryRange(entry: VersionEntry, readMaxVersion: boolean): VersionDocument {
  const maxText = readMaxVersion && typeof entry.max_version === 'string' && entry.max_version !== '' ? entry.max_version : entry.version;
  if (typeof maxText !== 'string' || maxText === '') {
    return { kind: 'none', reason: `the ${typeof entry.id === 'string' ? entry.id : 'version'} document has no microversions (empty "version")` };
  }
  const max = tryParseMicroversion(maxText);
  const minText = typeof entry.min_version === 'string' && entry.min_version !== '' ? entry.min_version : '2.1';
  const min = tryParseMicroversion(minText);
  if (!max || !min) return { kind: 'invalid', reason: `unparsable version range '${minText}'..'${maxText}'` };
  return { kind: 'range', min, max };
}

/**
 * Parses a version document: `{"version": {...}}` (GET /v2.1) or `{"versions": [...]}`
 * (GET /; the entry with the highest microversion is used). `readMaxVersion` follows
 * keystoneauth, which prefers `max_version` over `version`; novaclient reads `version` only.
 */
export function parseVersionDocument(status: number, body: string, readMaxVersion = false): VersionDocument {
  if (status !== 200) return { kind: 'invalid', reason: `HTTP ${status}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'invalid', reason: 'the body is not JSON' };
  }
  if (!isObject(json)) return { kind: 'invalid', reason: 'the body is not a JSON object' };
  if (isObject(json['version'])) return entryRange(json['version'] as VersionEntry, readMaxVersion);
  const list = json['versions'];
  if (Array.isArray(list)) {
    const ranges = list.filter(isObject).map((e) => entryRange(e as VersionEntry, readMaxVersion));
    const best = ranges
      .filter((r): r is Extract<VersionDocument, { kind: 'range' }> => r.kind === 'range')
      .sort((a, b) => compareMicroversions(b.max, a.max))[0];
    return best ?? { kind: 'none', reason: 'no entry of the versions list has microversions' };
  }
  return { kind: 'invalid', reason: 'neither "version" nor "versions" in the body' };
}

/** `url.rsplit("/", 1)[0] + "/"`, as novaclient's `VersionManager._get_current` retries. */
export function novaclientRetryUrl(url: string): string {
  const cut = url.lastIndexOf('/');
  return `${cut < 0 ? url : url.slice(0, cut)}/`;
}

function discoveryFailed(url: string, status: number, client: string): MvmError {
  return new MvmError(ERROR_CODES.PROVIDER, `${client} version discovery failed: GET ${url} answered HTTP ${status}`, {
    where: url,
    hint: 'the real client raises here too; check that the URL is the compute endpoint',
  });
}

/**
 * novaclient `api_versions._get_server_version_range` via `VersionManager.get_current`:
 * GET the endpoint as is; on 404 GET it without the last path segment plus `/`; a 401 at
 * either step gives no range; a document whose `version` is empty (v2.0) gives no range.
 * Any other error status, or a body without `"version"`, raises in novaclient: thrown here
 * as MvmError PROVIDER.
 */
export async function discoverLikeNovaclient(computeUrl: string, get: HttpGet): Promise<DiscoveredRange> {
  let url = computeUrl;
  let response = await get(url);
  if (response.status === 404) {
    url = novaclientRetryUrl(computeUrl);
    response = await get(url);
  }
  if (response.status === 401) return { kind: 'none', reason: `GET ${url} answered 401 (novaclient then assumes no microversions)` };
  if (response.status !== 200) throw discoveryFailed(url, response.status, 'novaclient');
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw discoveryFailed(url, response.status, 'novaclient');
  }
  if (!isObject(json) || !isObject(json['version'])) {
    throw new MvmError(ERROR_CODES.PROVIDER, `novaclient version discovery failed: GET ${url} has no "version" object (KeyError in novaclient)`, { where: url });
  }
  const doc = entryRange(json['version'] as VersionEntry, false);
  if (doc.kind === 'invalid') throw new MvmError(ERROR_CODES.PROVIDER, `novaclient version discovery failed: ${doc.reason}`, { where: url });
  return doc;
}

/** The endpoint without its version segment (`http://h:8774/v2.1/p` → `http://h:8774/`). */
export function unversionedRoot(url: string): string {
  const match = /^(.*?)\/v\d+(?:\.\d+)?(?:\/.*)?$/.exec(url);
  return `${match ? match[1] : url.replace(/\/+$/, '')}/`;
}

/** keystoneauth raised `DiscoveryFailure`: no version document could be read at `url`. */
function discoveryFailure(url: string): DiscoveredRange {
  return { kind: 'none', reason: `keystoneauth found no version document at ${url} (DiscoveryFailure)`, discoveryFailedAt: url };
}

/**
 * keystoneauth1 5.0 endpoint discovery as openstacksdk uses it: GET the endpoint; if that
 * is not a version document, GET the unversioned root and take the best `versions` entry.
 * `max_version` is preferred over `version`. A document without microversions leaves
 * min/max unset (no range). A 401 makes keystoneauth raise `DiscoveryFailure` (openstacksdk
 * then raises it before sending): returned as `none` with `discoveryFailedAt`, so the builder
 * can refuse with its keystoneauth release's text.
 */
export async function discoverLikeKeystoneauth(computeUrl: string, get: HttpGet): Promise<DiscoveredRange> {
  const first = await get(computeUrl);
  if (first.status === 401) return discoveryFailure(computeUrl);
  let doc = parseVersionDocument(first.status, first.body, true);
  if (doc.kind === 'invalid') {
    const root = unversionedRoot(computeUrl);
    const second = await get(root);
    if (second.status === 401) return { kind: 'none', reason: `GET ${root} answered 401` };
    doc = parseVersionDocument(second.status, second.body, true);
    if (doc.kind === 'invalid') return { kind: 'none', reason: `no version document at ${computeUrl} or ${root} (${doc.reason})` };
  }
  return doc;
}

/** Runs a discovery procedure by name. `none` (openstackclient) does no discovery at all. */
export async function discoverWith(procedure: DiscoveryProcedure, computeUrl: string, get: HttpGet): Promise<DiscoveredRange> {
  switch (procedure) {
    case 'novaclient':
      return discoverLikeNovaclient(computeUrl, get);
    case 'keystoneauth':
      return discoverLikeKeystoneauth(computeUrl, get);
    case 'none':
      return { kind: 'none', reason: 'this client does not discover the server version range' };
  }
}
