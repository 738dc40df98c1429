/**
 * Nova's JSON serialisation: Python `json.dumps` defaults (`", "` and `": "` separators,
 * non-ASCII escaped as \\uXXXX). Pure.
 */

/** Printable ASCII without `"` and `\\`: needs no escaping at all (the common case). */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string as Python's json.dumps writes it (ensure_ascii). */
export function escapeAscii(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

/**
 * Object keys, quoted: nearly every key is one of a few dozen literals of the API views, so a
 * lookup (their hash is cached) beats scanning them again for every response. Bounded: keys
 * of client-sent bodies could be anything.
 */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 1024;

function quotedKey(k: string): string {
  let quoted = QUOTED_KEYS.get(k);
  if (quoted === undefined) {
    quoted = escapeAscii(k);
    if (QUOTED_KEYS.size >= MAX_QUOTED_KEYS) QUOTED_KEYS.clear();
    QUOTED_KEYS.set(k, quoted);
  }
  return quoted;
}

/** Python `json.dumps(value)` for plain JSON data. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return escapeAscii(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += i === 0 ? pythonJsonDumps(value[i]) : `, ${pythonJsonDumps(value[i])}`;
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto === Object.prototype || proto === null) {
    // On a plain object, for-in walks exactly Object.keys (same keys, same order: nothing
    // enumerable is inherited), and V8 reads the values through its enum cache: several times
    // faster than `obj[k]` over Object.keys on the API views.
    for (const k in obj) {
      const v = obj[k];
      if (v === undefined) continue;
      out += first ? `${quotedKey(k)}: ${pythonJsonDumps(v)}` : `, ${quotedKey(k)}: ${pythonJsonDumps(v)}`;
      first = false;
    }
    return `${out}}`;
  }
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += first ? `${quotedKey(k)}: ${pythonJsonDumps(v)}` : `, ${quotedKey(k)}: ${pythonJsonDumps(v)}`;
    first = false;
  }
  return `${out}}`;
}

