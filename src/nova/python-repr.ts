/**
 * Python 3 `repr()`/`str()` of JSON values, and a JSON parser with Python's `json.loads`
 * acceptance, so Nova's validation messages (`... Value: {'host': None}. 1.0 is not of type ...`)
 * can be reproduced byte for byte. Pure.
 *
 * Why a parser of our own: `JSON.parse` loses what Python keeps and prints — `1.0` vs `1`,
 * integers beyond 2^53, the order of integer-like keys (`{"b": 1, "1": 2}`), and it rejects
 * `NaN`/`Infinity`, which `json.loads` accepts.
 */

/** A number `JSON.parse` cannot represent faithfully for Python: any float, or an int beyond 2^53. */
export class PyNumber {
  constructor(
    /** The nearest JS number, what validators compare. */
    readonly value: number,
    /** Python's `repr()`: `1.0`, `1e+16`, `inf`, `123456789012345678901234567890`. */
    readonly repr: string,
    readonly isFloat: boolean,
  ) {}
}

/** Key order as Python's dict keeps it, for objects whose JS key order differs (integer-like keys). */
const PY_KEY_ORDER = new WeakMap<object, readonly string[]>();

/** Keys of a parsed object in Python's insertion order. */
export function pyKeys(obj: object): readonly string[] {
  return PY_KEY_ORDER.get(obj) ?? Object.keys(obj);
}

/** Python's float `repr` (the shortest round-trip digits, exponent form below 1e-4 and from 1e16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that round-trip, like Python's 'r'.
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

// Python's str.isprintable(): false for Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs except the ASCII space.
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Python's `repr()` of a str: quote choice and escapes as CPython's `unicode_repr`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (code !== 0x20 && NON_PRINTABLE.test(ch)) {
      out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

function numberRepr(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  return pyFloatRepr(n);
}

/** Python's `repr()` of a JSON-like value (plain JS values, or ones from {@link parseJsonLikePython}). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyStrRepr(value);
  if (typeof value === 'number') return numberRepr(value);
  if (value instanceof PyNumber) return value.repr;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${pyKeys(obj).map((k) => `${pyStrRepr(k)}: ${pyRepr(obj[k])}`).join(', ')}}`;
  }
  return String(value);
}

/** Python's `str()`: strings bare, everything else as `repr()`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** A copy with every {@link PyNumber} replaced by its JS number (for validators that need plain JSON). */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof PyNumber) return value.value;
  if (Array.isArray(value)) return value.some(needsUnboxing) ? value.map(toPlainJson) : value;
  if (value !== null && typeof value === 'object') {
    if (!needsUnboxing(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlainJson(v);
    return out;
  }
  return value;
}

function needsUnboxing(value: unknown): boolean {
  if (value instanceof PyNumber) return true;
  if (Array.isArray(value)) return value.some(needsUnboxing);
  if (value !== null && typeof value === 'object') return Object.values(value).some(needsUnboxing);
  return false;
}

export type ParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const CONTROL = /[\x00-\x1f]/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NAN = new PyNumber(NaN, 'nan', true);
const INFINITY = new PyNumber(Infinity, 'inf', true);
const MINUS_INFINITY = new PyNumber(-Infinity, '-inf', true);

class PySyntaxError extends Error {}

/**
 * Parses JSON text as Python's `json.loads` (strict mode) does: accepts `NaN`, `Infinity`,
 * `-Infinity`; rejects control characters inside strings; floats and big ints become
 * {@link PyNumber}; duplicate keys keep the first position and the last value; Python key order
 * is remembered for {@link pyRepr}. Objects are created without prototype pollution (`__proto__`
 * becomes an ordinary own key).
 *
 * On the emulator's hot path (every action body), so it scans by char codes and slices string
 * runs instead of building them a character at a time.
 */
export function parseJsonLikePython(text: string): ParseResult {
  try {
    const parser = new JsonLikePythonParser(text);
    parser.ws();
    const value = parser.value();
    parser.ws();
    if (parser.pos !== text.length) parser.fail('Extra data');
    return { ok: true, value };
  } catch (err) {
    // Also a RangeError from nesting deeper than the stack: Python's json gives up too.
    return { ok: false, error: (err as Error).message };
  }
}

class JsonLikePythonParser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new PySyntaxError(`${what} at char ${this.pos}`);
  }

  /** Python's json whitespace: space, tab, newline, carriage return. */
  ws(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
      else break;
    }
    this.pos = pos;
  }

  string(): string {
    const text = this.text;
    this.pos++; // opening quote
    let out = '';
    for (;;) {
      const start = this.pos;
      // The next quote or backslash ends a run of plain characters.
      let end = start;
      let c = text.charCodeAt(end);
      while (c !== 0x22 && c !== 0x5c && end < text.length) c = text.charCodeAt(++end);
      const run = text.slice(start, end);
      if (CONTROL.test(run)) {
        this.pos = start + run.search(CONTROL);
        this.fail('Invalid control character');
      }
      out += run;
      this.pos = end;
      if (end >= text.length) this.fail('Unterminated string');
      if (c === 0x22) {
        this.pos++;
        return out;
      }
      const e = text[end + 1];
      if (e === 'u') {
        const h = text.slice(end + 2, end + 6);
        if (!HEX4.test(h)) this.fail('Invalid \\uXXXX escape');
        out += String.fromCharCode(parseInt(h, 16));
        this.pos = end + 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.pos = end + 2;
      } else this.fail('Invalid \\escape');
    }
  }

  value(): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (Number.isNaN(c)) return this.fail('Expecting value');
    if (c === 0x22 /* " */) return this.string();
    if (c === 0x7b /* { */) return this.object();
    if (c === 0x5b /* [ */) return this.array();
    if (c === 0x6e /* n */ && text.startsWith('null', this.pos)) return this.word(4, null);
    if (c === 0x74 /* t */ && text.startsWith('true', this.pos)) return this.word(4, true);
    if (c === 0x66 /* f */ && text.startsWith('false', this.pos)) return this.word(5, false);
    if (c === 0x4e /* N */ && text.startsWith('NaN', this.pos)) return this.word(3, NAN);
    if (c === 0x49 /* I */ && text.startsWith('Infinity', this.pos)) return this.word(8, INFINITY);
    if (c === 0x2d /* - */ && text.startsWith('-Infinity', this.pos)) return this.word(9, MINUS_INFINITY);
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(text);
    if (m) {
      this.pos = NUMBER.lastIndex;
      const literal = m[0];
      const n = Number(literal);
      if (m[1] !== undefined || m[2] !== undefined) return new PyNumber(n, pyFloatRepr(n), true);
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      return new PyNumber(n, BigInt(literal).toString(), false);
    }
    return this.fail('Expecting value');
  }

  word(length: number, value: unknown): unknown {
    this.pos += length;
    return value;
  }

  object(): Record<string, unknown> {
    const text = this.text;
    this.pos++;
    const out: Record<string, unknown> = {};
    // First occurrences in order: JS puts integer-like keys first, Python keeps insertion order.
    const order: string[] = [];
    let integerLike = false;
    this.ws();
    if (text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (text.charCodeAt(this.pos) !== 0x22) this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.ws();
      if (text.charCodeAt(this.pos) !== 0x3a /* : */) this.fail("Expecting ':' delimiter");
      this.pos++;
      this.ws();
      const v = this.value();
      if (!Object.prototype.hasOwnProperty.call(out, key)) {
        order.push(key);
        const first = key.charCodeAt(0);
        if (first >= 0x30 && first <= 0x39) integerLike = true;
      }
      // `__proto__` must become an own key, not the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      const c = text.charCodeAt(this.pos);
      if (c === 0x7d) {
        this.pos++;
        if (integerLike) {
          const jsOrder = Object.keys(out);
          if (jsOrder.some((k, i) => k !== order[i])) PY_KEY_ORDER.set(out, order);
        }
        return out;
      }
      if (c !== 0x2c /* , */) this.fail("Expecting ',' delimiter");
      this.pos++;
      this.ws();
    }
  }

  array(): unknown[] {
    const text = this.text;
    this.pos++;
    const arr: unknown[] = [];
    this.ws();
    if (text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return arr;
    }
    for (;;) {
      this.ws();
      arr.push(this.value());
      this.ws();
      const c = text.charCodeAt(this.pos);
      if (c === 0x5d) {
        this.pos++;
        return arr;
      }
      if (c !== 0x2c) this.fail("Expecting ',' delimiter");
      this.pos++;
    }
  }
}
