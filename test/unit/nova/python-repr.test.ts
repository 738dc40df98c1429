import { describe, expect, it } from 'vitest';
import { PyNumber, parseJsonLikePython, pyFloatRepr, pyRepr, pyStr, pyStrRepr, toPlainJson } from '../../../src/nova/python-repr.js';

// Expected values printed by CPython 3.11 (`repr(json.loads(text))`).
const FLOATS: Array<[string, string]> = [
  ['1.0', '1.0'], ['0.1', '0.1'], ['1e-5', '1e-05'], ['0.0001', '0.0001'], ['1e16', '1e+16'],
  ['1e15', '1000000000000000.0'], ['123456789.125', '123456789.125'], ['-0.0', '-0.0'], ['1.5e-7', '1.5e-07'],
  ['2.5e+20', '2.5e+20'], ['1e400', 'inf'], ['-1e400', '-inf'], ['3.141592653589793', '3.141592653589793'],
  ['1e22', '1e+22'], ['5e-324', '5e-324'], ['1.7976931348623157e308', '1.7976931348623157e+308'], ['100.0', '100.0'],
  ['0.30000000000000004', '0.30000000000000004'],
];

const STRINGS: Array<[string, string]> = [
  ["it's", `"it's"`], ['say "hi"', `'say "hi"'`], [`both ' and "`, `'both \\' and "'`], ['back\\slash', "'back\\\\slash'"],
  ['\x00\x7f\x85\xa0\xad', "'\\x00\\x7f\\x85\\xa0\\xad'"], ['\t\n\r', "'\\t\\n\\r'"], ['ü😀', "'ü😀'"], ['\u2028', "'\\u2028'"],
  ['\ud800', "'\\ud800'"], ['\u{e0001}', "'\\U000e0001'"], [' ', "' '"], ['\u3000', "'\\u3000'"], ['é', "'é'"], ['\x1b', "'\\x1b'"],
];

describe('pyRepr prints JSON values like CPython repr()', () => {
  it.each(FLOATS)('float %s prints as %s', (text, expected) => {
    const parsed = parseJsonLikePython(text);
    expect(parsed.ok && pyRepr(parsed.value)).toBe(expected);
    expect(pyFloatRepr(Number(text))).toBe(expected);
  });

  it.each(STRINGS)('string %j prints as %s', (s, expected) => {
    expect(pyStrRepr(s)).toBe(expected);
  });

  it('prints dicts in Python key order, lists, True/False/None', () => {
    const parsed = parseJsonLikePython('{"b": 1, "2": [true, null, 1.0], "a": {"x": "y"}}');
    expect(parsed.ok && pyRepr(parsed.value)).toBe("{'b': 1, '2': [True, None, 1.0], 'a': {'x': 'y'}}");
    expect(pyRepr({})).toBe('{}');
    expect(pyRepr([])).toBe('[]');
  });

  it('keeps big integers exact and prints -0 as 0', () => {
    const big = parseJsonLikePython('12345678901234567890123');
    expect(big.ok && pyRepr(big.value)).toBe('12345678901234567890123');
    const negZero = parseJsonLikePython('-0');
    expect(negZero.ok && pyRepr(negZero.value)).toBe('0');
  });

  it('str() leaves strings bare and repr()s the rest', () => {
    expect(pyStr('a b')).toBe('a b');
    expect(pyStr(false)).toBe('False');
    expect(pyStr({ host: null })).toBe("{'host': None}");
  });

  it('prints plain JS numbers as ints when integral', () => {
    expect(pyRepr(1)).toBe('1');
    expect(pyRepr(1.5)).toBe('1.5');
  });
});

describe('parseJsonLikePython accepts what json.loads accepts', () => {
  it('accepts NaN, Infinity and -Infinity as floats', () => {
    for (const [text, repr] of [['NaN', 'nan'], ['Infinity', 'inf'], ['-Infinity', '-inf']]) {
      const parsed = parseJsonLikePython(text!);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.value).toBeInstanceOf(PyNumber);
        expect(pyRepr(parsed.value)).toBe(repr);
      }
    }
  });

  it('rejects raw control characters in strings, trailing commas, extra data and single quotes', () => {
    for (const text of ['"a\nb"', '[1,]', '{"a": 1,}', '{} x', "{'a': 1}", '01', '1.', '', ' ']) {
      expect(parseJsonLikePython(text).ok, text).toBe(false);
    }
  });

  it('keeps the first position and last value of a duplicate key', () => {
    const parsed = parseJsonLikePython('{"host": null, "b": 1, "host": "x"}');
    expect(parsed.ok && pyRepr(parsed.value)).toBe("{'host': 'x', 'b': 1}");
  });

  it('makes "__proto__" an ordinary key', () => {
    const parsed = parseJsonLikePython('{"__proto__": {"polluted": 1}}');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(Object.keys(parsed.value as object)).toEqual(['__proto__']);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });

  it('unboxes floats for validators that want plain JSON', () => {
    const parsed = parseJsonLikePython('{"a": [1.0, 2], "b": "x"}');
    expect(parsed.ok && toPlainJson(parsed.value)).toEqual({ a: [1, 2], b: 'x' });
  });

  it('accepts a surrogate-pair escape as one character and a lone surrogate as itself', () => {
    const pair = parseJsonLikePython('"\\ud83d\\ude00"');
    expect(pair.ok && pair.value).toBe('😀');
    const lone = parseJsonLikePython('"\\ud800"');
    expect(lone.ok && pyRepr(lone.value)).toBe("'\\ud800'");
  });
});
