/**
 * Request sets: the requests a recorder sends. Built-in sets by name, or a JSONL file with one
 * {@link RecordRequestSpec} per line. Paths may hold `{server_id}` (filled from the set's
 * server of role `serverRef`) and `{project_id}` (the token's project).
 */
import { readInputFile } from '../fs/bounded-read.js';
import { basename } from 'node:path';
import { ERROR_CODES, MvmError } from '../errors.js';
import { LIVE_MIGRATION_REQUEST_SET } from './request-sets/live-migration.js';
import { UNKNOWN_SERVER_ID } from './unknown-server.js';

export { UNKNOWN_SERVER_ID };

export interface RecordRequestSpec {
  /** Label for people reading the cassette. */
  readonly name: string;
  readonly method: string;
  /** Path relative to the target URL, may contain `{server_id}`, `{project_id}` and a `?query`. */
  readonly path: string;
  /** Role of the server in `{server_id}` (a key of {@link RequestSet.servers}). */
  readonly serverRef?: string | null;
  /** Request headers to send besides the token (microversion headers, Content-Type). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body text; omitted or empty for none. */
  readonly body?: string;
  /**
   * Who sends it: `admin` (default, the recording token), `member` (`member:<project>`, needs
   * a noauth2 `<user>:<project>` token) or `none` (no token).
   */
  readonly caller?: 'admin' | 'member' | 'none';
}

export interface RequestSet {
  readonly name: string;
  /** Server ids by role. `unknown` is an id no Nova has (answers 404 after validation). */
  readonly servers: Readonly<Record<string, { readonly id: string; readonly host: string | null }>>;
  readonly requests: readonly RecordRequestSpec[];
}

/** Built-in request sets by name. */
export const BUILTIN_REQUEST_SETS: Readonly<Record<string, () => Promise<RequestSet>>> = {
  'live-migration': async () => LIVE_MIGRATION_REQUEST_SET,
  // Loaded on demand: ~5,000 requests built from the conformance corpus.
  'conformance-corpus': async () => (await import('./request-sets/conformance-corpus.js')).conformanceCorpusRequestSet(),
};

function badLine(file: string, line: number, message: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_INPUT, message, {
    where: `${file}:${line}`,
    hint: 'each line must be a JSON object {"name","method","path","serverRef"?,"headers"?,"body"?}',
  });
}

/** Parses a JSONL request file: one request per non-empty line; `#` lines are comments. */
export function parseRequestLines(text: string, file: string): RequestSet {
  const requests: RecordRequestSpec[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw badLine(file, index + 1, `not JSON: ${(error as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badLine(file, index + 1, 'not a JSON object');
    const r = value as Record<string, unknown>;
    if (typeof r['method'] !== 'string' || typeof r['path'] !== 'string' || !r['path'].startsWith('/')) {
      throw badLine(file, index + 1, '"method" and "path" (starting with /) are required strings');
    }
    const body = r['body'];
    requests.push({
      name: typeof r['name'] === 'string' ? r['name'] : `line ${index + 1}`,
      method: r['method'].toUpperCase(),
      path: r['path'],
      serverRef: typeof r['serverRef'] === 'string' ? r['serverRef'] : r['path'].includes('{server_id}') ? 'unknown' : null,
      headers: (r['headers'] as Record<string, string> | undefined) ?? {},
      // A JSON value is sent as its JSON text; a string is sent as is.
      body: body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body),
      caller: r['caller'] === 'member' || r['caller'] === 'none' ? r['caller'] : 'admin',
    });
  });
  return { name: basename(file).replace(/\.jsonl?$/, ''), servers: { unknown: { id: UNKNOWN_SERVER_ID, host: null } }, requests };
}

/** A built-in set by name, or a JSONL file by path. */
export async function loadRequestSet(spec: string): Promise<RequestSet> {
  const builtin = BUILTIN_REQUEST_SETS[spec];
  if (builtin) return await builtin();
  let text: string;
  try {
    text = await readInputFile(spec, 'requests');
  } catch (error) {
    if (error instanceof MvmError && error.code === ERROR_CODES.INPUT_TOO_LARGE) throw error;
    throw new MvmError(ERROR_CODES.USAGE, `'${spec}' is neither a built-in request set nor a readable file`, {
      where: '--requests',
      hint: `built-in sets: ${Object.keys(BUILTIN_REQUEST_SETS).join(', ')}; or a JSONL file of requests`,
    });
  }
  return parseRequestLines(text, spec);
}
