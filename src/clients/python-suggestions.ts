/**
 * CPython's "Did you mean ...?" for an unexpected keyword argument (from 3.13): the
 * candidate parameter name closest to the given one by CPython's own weighted Levenshtein
 * distance (`Python/suggestions.c`, `_Py_CalculateSuggestions`), so a refusal reads exactly
 * as the real client's. Pure.
 */

const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

function substitutionCost(a: number, b: number): number {
  if ((a & 31) !== (b & 31)) return MOVE_COST;
  if (a === b) return 0;
  const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
  return lower(a) === lower(b) ? CASE_COST : MOVE_COST;
}

const UTF8 = new TextEncoder();

function levenshtein(aText: string, bText: string, maxCost: number): number {
  if (aText === bText) return 0;
  let a = UTF8.encode(aText);
  let b = UTF8.encode(bText);
  // Trim away common affixes.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  a = a.subarray(start);
  b = b.subarray(start);
  let end = 0;
  while (end < a.length && end < b.length && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  a = a.subarray(0, a.length - end);
  b = b.subarray(0, b.length - end);
  if (a.length === 0 || b.length === 0) return (a.length + b.length) * MOVE_COST;
  if (a.length > MAX_STRING_SIZE || b.length > MAX_STRING_SIZE) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const buffer: number[] = [];
  for (let i = 0, tmp = MOVE_COST; i < a.length; i++, tmp += MOVE_COST) buffer[i] = tmp;
  let result = 0;
  for (let bIndex = 0; bIndex < b.length; bIndex++) {
    const code = b[bIndex]!;
    let distance = (result = bIndex * MOVE_COST);
    let minimum = Number.MAX_SAFE_INTEGER;
    for (let index = 0; index < a.length; index++) {
      const substitute = distance + substitutionCost(code, a[index]!);
      distance = buffer[index]!;
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      buffer[index] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/** The candidate CPython would suggest for `name`, or `undefined`. Candidates in parameter order. */
export function pythonSuggestion(candidates: readonly string[], name: string): string | undefined {
  if (candidates.length >= MAX_CANDIDATE_ITEMS) return undefined;
  let best: string | undefined;
  let bestDistance = Number.MAX_SAFE_INTEGER;
  const nameSize = UTF8.encode(name).length;
  for (const item of candidates) {
    if (item === name) continue;
    // No more than 1/3 of the involved characters should need changing; never worse than the best so far.
    const maxDistance = Math.min(Math.floor(((nameSize + UTF8.encode(item).length + 3) * MOVE_COST) / 6), bestDistance - 1);
    const distance = levenshtein(name, item, maxDistance);
    if (distance > maxDistance) continue;
    if (best === undefined || distance < bestDistance) {
      best = item;
      bestDistance = distance;
    }
  }
  return best;
}
