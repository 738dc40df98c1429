/**
 * CPython's binding of call arguments to a method's parameters, with its exact `TypeError`
 * texts: the modelled clients' refusals for a shifted positional argument, an unknown keyword
 * or a missing argument are Python's own words. Pure.
 */
import { pythonSuggestion } from './python-suggestions.js';
import type { PythonTraits } from './versions/python.js';

/** A Python value as the modelled clients pass it: `null` is `None`. */
export type PyValue = boolean | string | null;

/** A Python keyword argument list, in call order. */
export type PyKeywords = ReadonlyArray<readonly [string, PyValue]>;

export interface PyParameter<Name extends string = string> {
  readonly name: Name;
  /** `undefined` = required positional parameter. */
  readonly default?: PyValue;
}

export type PyBound<Name extends string = string> = Partial<Record<Name, PyValue>>;

function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  // CPython: 'a' / 'a' and 'b' / 'a', 'b', and 'c'.
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/**
 * Binds `positional` and `keywords` to `params` of method `qualifiedName` (`Class.method`):
 * `leading` names the parameters before the modelled ones, all passed positionally (`self`,
 * and `server` for novaclient's manager). Returns the bound values (defaults filled in) or the
 * exact `TypeError` message (`Class.method()` from Python 3.10, `method()` before; a "Did you
 * mean" from 3.13).
 */
export function bindPythonCall<Name extends string>(
  python: PythonTraits,
  qualifiedName: string,
  params: readonly PyParameter<Name>[],
  leading: readonly string[],
  positional: readonly PyValue[],
  keywords: PyKeywords,
): { ok: true; bound: PyBound<Name> } | { ok: false; message: string } {
  const qualname = python.qualifiedNamesInTypeErrors ? qualifiedName : qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  if (positional.length > params.length) {
    const required = params.filter((p) => p.default === undefined).length + leading.length;
    const all = params.length + leading.length;
    const takes = required === all ? `${all} positional argument${all === 1 ? '' : 's'}` : `from ${required} to ${all} positional arguments`;
    const given = positional.length + leading.length;
    return { ok: false, message: `${qualname}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given` };
  }
  const bound: PyBound<Name> = {};
  positional.forEach((value, index) => {
    const param = params[index];
    if (param) bound[param.name] = value;
  });
  for (const [name, value] of keywords) {
    const param = params.find((p) => p.name === name);
    if (!param) {
      const suggestion = python.suggestsKeywords ? pythonSuggestion([...leading, ...params.map((p) => p.name)], name) : undefined;
      return { ok: false, message: `${qualname}() got an unexpected keyword argument '${name}'${suggestion === undefined ? '' : `. Did you mean '${suggestion}'?`}` };
    }
    if (param.name in bound) return { ok: false, message: `${qualname}() got multiple values for argument '${name}'` };
    bound[param.name] = value;
  }
  const missing = params.filter((p) => !(p.name in bound) && p.default === undefined).map((p) => p.name);
  if (missing.length > 0) {
    const noun = missing.length === 1 ? 'argument' : 'arguments';
    return { ok: false, message: `${qualname}() missing ${missing.length} required positional ${noun}: ${quoteList(missing)}` };
  }
  for (const p of params) if (!(p.name in bound)) bound[p.name] = p.default ?? null;
  return { ok: true, bound };
}
