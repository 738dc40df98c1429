/**
 * Python `re` semantics for the schema patterns Nova uses, on top of JS RegExp. The difference
 * that matters: without MULTILINE, Python's `$` also matches just before one trailing `\n`,
 * so Nova accepts the host `"compute-01\n"`. Pure.
 */

/** Rewrites a Python pattern to a JS source with the same meaning (for the constructs Nova's schemas use). */
export function pythonPatternToJs(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += `\\${pattern[++i]}`;
    } else if (ch === '$') out += '(?=\\n?$)';
    else out += ch;
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** A JS RegExp behaving like Python's `re.search(pattern, s)` for Nova's patterns. */
export function pythonRegExp(pattern: string, flags = 'u'): RegExp {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(pythonPatternToJs(pattern), flags);
    cache.set(key, re);
  }
  return re;
}

/** Python `re.search(pattern, s) is not None`. */
export function pythonSearch(pattern: string, s: string): boolean {
  const re = pythonRegExp(pattern);
  re.lastIndex = 0;
  return re.test(s);
}
