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
const WS = /[ \t\n\r]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Parses JSON text as Python's `json.loads` (strict mode) does: accepts `NaN`, `Infinity`,
 * `-Infinity`; rejects control characters inside strings; floats and big ints become
 * {@link PyNumber}; duplicate keys keep the first position and the last value; Python key order
 * is remembered for {@link pyRepr}. Objects are created without prototype pollution (`__proto__`
 * becomes an ordinary own key).
 */
export function parseJsonLikePython(text: string): ParseResult {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at char ${pos}`);
  };
  const ws = (): void => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    for (;;) {
      const ch = text[pos];
      if (ch === undefined) return fail('Unterminated string');
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          const h = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('Invalid \\uXXXX escape');
          out += String.fromCharCode(parseInt(h, 16));
          pos += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          pos += 2;
        } else fail('Invalid \\escape');
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail('Invalid control character');
      out += ch;
      pos++;
    }
  };
  const parseValue = (): unknown => {
    const ch = text[pos];
    if (ch === undefined) return fail('Expecting value');
    if (ch === '"') return parseString();
    if (ch === '{') {
      pos++;
      const obj = Object.create(null) as Record<string, unknown>;
      const order: string[] = [];
      ws();
      if (text[pos] === '}') {
        pos++;
        return finishObject(obj, order);
      }
      for (;;) {
        if (text[pos] !== '"') fail('Expecting property name enclosed in double quotes');
        const key = parseString();
        ws();
        if (text[pos] !== ':') fail("Expecting ':' delimiter");
        pos++;
        ws();
        const v = parseValue();
        if (!Object.prototype.hasOwnProperty.call(obj, key)) order.push(key);
        obj[key] = v;
        ws();
        if (text[pos] === '}') {
          pos++;
          return finishObject(obj, order);
        }
        if (text[pos] !== ',') fail("Expecting ',' delimiter");
        pos++;
        ws();
      }
    }
    if (ch === '[') {
      pos++;
      const arr: unknown[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        ws();
        arr.push(parseValue());
        ws();
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        if (text[pos] !== ',') fail("Expecting ',' delimiter");
        pos++;
      }
    }
    for (const [word, v] of CONSTANTS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos = NUMBER.lastIndex;
      const literal = m[0];
      const n = Number(literal);
      if (m[1] !== undefined || m[2] !== undefined) return new PyNumber(n, pyFloatRepr(n), true);
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      return new PyNumber(n, BigInt(literal).toString(), false);
    }
    return fail('Expecting value');
  };
  try {
    ws();
    const value = parseValue();
    ws();
    if (pos !== text.length) fail('Extra data');
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

const CONSTANTS: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', new PyNumber(NaN, 'nan', true)],
  ['Infinity', new PyNumber(Infinity, 'inf', true)],
  ['-Infinity', new PyNumber(-Infinity, '-inf', true)],
];

function finishObject(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  // Re-home on a plain object so callers get ordinary objects; own "__proto__" keys are kept
  // with defineProperty instead of assignment.
  const out: Record<string, unknown> = {};
  for (const k of order) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  const jsOrder = Object.keys(out);
  if (jsOrder.some((k, i) => k !== order[i])) PY_KEY_ORDER.set(out, order);
  return out;
}
