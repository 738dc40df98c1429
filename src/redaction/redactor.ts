/**
 * The one redactor every output goes through — matrix.json evidence, reports, cassettes, pact
 * files, log lines and error messages: no credential is ever written. Pure.
 *
 * What it removes, whatever the value's shape (opaque Keystone token, noauth2 `user:project`,
 * `Bearer …`):
 * - the whole value of credential headers (`X-Auth-Token`, `X-Subject-Token`, `Authorization`,
 *   cookies …), in header maps and in `Name: value` lines of free text;
 * - the value of any member whose name says it is a credential (`password`, `adminPass`,
 *   `token`, `secret`, `credential`, `api_key` …), in JSON text, in the Python repr Nova puts in
 *   its 400 messages, and in structured values;
 * - the user:password part of URLs (`https://u:p@host/`);
 * - known secrets (the tokens a run was given) wherever they appear, and known ids (the user
 *   and project of a noauth2 token) where they stand alone.
 */

/** What a removed secret reads as. */
export const REDACTED = '<redacted>';

/** Headers whose values are always secrets. Lower case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** A member name that says its value is a credential. */
export const SECRET_KEY = /password|passwd|passphrase|adminpass|secret|token|credential|api[_-]?key|private[_-]?key|authorization/i;

const SECRET_KEY_SOURCE = SECRET_KEY.source;

// A JSON string member whose name says it is a credential: the value goes, the text around it
// stays byte for byte. `"password": "x"`, `"auth_token": "x"`, `"X-Auth-Token": 1`.
const SECRET_MEMBER = new RegExp(`("(?:[^"\\\\]|\\\\.)*(?:${SECRET_KEY_SOURCE})(?:[^"\\\\]|\\\\.)*"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d[\\d.eE+-]*|true|false)`, 'gi');

// The same inside a Python repr, as Nova echoes bodies in 400 messages: `'adminPass': 'x'`.
const SECRET_REPR_MEMBER = new RegExp(`('[^'\\\\]*(?:${SECRET_KEY_SOURCE})[^'\\\\]*'\\s*:\\s*)('(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*")`, 'gi');

// A credential header written as a line of text (`X-Auth-Token: abc`, `authorization=Bearer x`).
const SECRET_HEADER_LINE = /\b((?:x-auth-token|x-subject-token|x-service-token|proxy-authorization|authorization|set-cookie|cookie)\s*[:=]\s*)((?:(?:Bearer|Basic|Digest|Negotiate|Token|OAuth)\s+)?[^\s,;"'}\]]+)/gi;

// `scheme://user:password@host`: the userinfo goes.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']+@/gi;

const MEMO_ENTRIES = 4096;

const MENTIONS_CREDENTIAL = /password|passwd|passphrase|adminpass|secret|token|credential|api[_-]?key|private[_-]?key|authorization|cookie/i;

/**
 * Only the exact `secrets` (longest first) and URL userinfo removed from `text`: for lines a
 * person reads (the CLI's own output), where a documented default such as the emulator's
 * public noauth2 token may be shown.
 */
export function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (out.includes('@')) out = out.replace(URL_USERINFO, (_all, scheme: string) => `${scheme}${REDACTED}@`);
  return out;
}

export interface RedactionOptions {
  /** Exact strings to remove wherever they appear (tokens). */
  readonly secrets?: readonly string[];
  /** Ids (project, user) removed where they stand alone, not inside a longer word. */
  readonly ids?: readonly string[];
}

export interface Redactor {
  /** Replaces every secret, id, credential member, credential header line and URL userinfo in `text`. */
  text(text: string): string;
  /** A header value: credential headers lose the whole value, others go through {@link Redactor.text}. */
  header(name: string, value: string): string;
  /** A header map, names kept. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string>;
  /** A structured value (parsed JSON): credential members become {@link REDACTED}, strings go through {@link Redactor.text}. */
  value<T>(value: T): T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a redactor; empty strings in the options are ignored. */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  // Longest first, so a token containing an id is removed whole.
  const secrets = [...new Set((options.secrets ?? []).filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  const ids = [...new Set((options.ids ?? []).filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  // An id stands alone when no letter, digit, `_` or `-` touches it ("admin" must not eat "adminPass").
  const idPatterns = ids.map((id) => ({ id, re: new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(id)}(?![A-Za-z0-9_-])`, 'g') }));

  // Cells repeat the same explanations and messages thousands of times: remember the last answers.
  const memo = new Map<string, string>();
  const text = (input: string): string => {
    const known = memo.get(input);
    if (known !== undefined) return known;
    const out = redactText(input);
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(input, out);
    return out;
  };
  const redactText = (input: string): string => {
    let out = replaceSecrets(input, secrets);
    // The patterns only run on text that names a credential at all: most text does not.
    if (MENTIONS_CREDENTIAL.test(out)) {
      out = out.replace(SECRET_MEMBER, (_all, head: string) => `${head}"${REDACTED}"`);
      out = out.replace(SECRET_REPR_MEMBER, (_all, head: string) => `${head}'${REDACTED}'`);
      out = out.replace(SECRET_HEADER_LINE, (_all, head: string) => `${head}${REDACTED}`);
    }
    for (const { id, re } of idPatterns) if (out.includes(id)) out = out.replace(re, REDACTED);
    return out;
  };
  const header = (name: string, value: string): string => (SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : text(value));
  const value = (input: unknown): unknown => {
    if (typeof input === 'string') return text(input);
    if (Array.isArray(input)) return input.map(value);
    if (input !== null && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(input)) {
        out[key] = SECRET_KEY.test(key) && (typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean') ? REDACTED : value(child);
      }
      return out;
    }
    return input;
  };
  return {
    text,
    header,
    headers(headers) {
      const out: Record<string, string> = {};
      for (const [name, v] of Object.entries(headers)) out[name] = header(name, v);
      return out;
    },
    value: value as <T>(v: T) => T,
  };
}

/**
 * The ids a noauth2-style token `<user>:<project>` names; none for other tokens.
 * These are the default `--redact-id` values.
 */
export function idsInToken(token: string | undefined): string[] {
  if (!token) return [];
  const match = /^([^:\s]+):([^:\s]+)$/.exec(token);
  return match ? [match[1]!, match[2]!] : [];
}

/**
 * What a redactor must remove for a set of user-given tokens: each token whole, and the
 * project of a noauth2 `user:project` token (it is the credential there; the user is not: the
 * cell's `world.caller` already says who called).
 */
export function redactionForTokens(tokens: readonly (string | undefined)[]): RedactionOptions {
  const given = tokens.filter((t): t is string => typeof t === 'string' && t.length > 0);
  return { secrets: given, ids: given.flatMap((t) => idsInToken(t).slice(1)) };
}

/**
 * The credential values a JSON body carries (any member whose name says it is one), so they
 * can be removed as exact secrets wherever an answer echoes them, in any quoting.
 */
export function passwordsInBody(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (SECRET_KEY.test(key) && (typeof child === 'string' || typeof child === 'number') && String(child).length > 0) found.push(String(child));
        else walk(child);
      }
    }
  };
  walk(parsed);
  return found;
}
