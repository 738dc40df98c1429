/**
 * Keeping secrets out of cassettes: tokens and credentials in headers, passwords in bodies,
 * and user/project ids the user names. Every secret becomes {@link REDACTED}. Pure.
 */
import { REDACTED } from './types.js';

/** Headers whose values are always secrets, whatever the request set says. Lower case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

// A JSON string member whose name mentions a password (`password`, `adminPass`,
// `new_password`): the value goes, the text around it stays byte for byte.
const PASSWORD_MEMBER = /("(?:[^"\\]|\\.)*(?:password|adminpass)(?:[^"\\]|\\.)*"\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false)/gi;

// The same inside a Python repr, as Nova echoes bodies in 400 messages: `'adminPass': 'x'`.
const PASSWORD_REPR_MEMBER = /('[^'\\]*(?:password|adminpass)[^'\\]*'\s*:\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/gi;

const PASSWORD_KEY = /password|adminpass/i;

/**
 * The password values a JSON body carries (any member whose name mentions a password), so
 * they can be removed as exact secrets wherever an answer echoes them, in any quoting.
 */
export function passwordsInBody(body: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (PASSWORD_KEY.test(key) && (typeof child === 'string' || typeof child === 'number') && String(child).length > 0) found.push(String(child));
        else walk(child);
      }
    }
  };
  walk(value);
  return found;
}

export interface RedactionOptions {
  /** Exact strings to remove wherever they appear (tokens). */
  readonly secrets?: readonly string[];
  /** Ids (project, user) removed where they stand alone, not inside a longer word. */
  readonly ids?: readonly string[];
}

export interface Redactor {
  /** Replaces every secret, id and password value in `text`. */
  text(text: string): string;
  /** A header value: secret headers lose the whole value, others go through {@link Redactor.text}. */
  header(name: string, value: string): string;
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
  const idPatterns = ids.map((id) => new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(id)}(?![A-Za-z0-9_-])`, 'g'));

  const text = (input: string): string => {
    let out = input;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    out = out.replace(PASSWORD_MEMBER, (_all, head: string) => `${head}"${REDACTED}"`);
    out = out.replace(PASSWORD_REPR_MEMBER, (_all, head: string) => `${head}'${REDACTED}'`);
    for (const pattern of idPatterns) out = out.replace(pattern, REDACTED);
    return out;
  };
  return {
    text,
    header: (name, value) => (SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : text(value)),
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
