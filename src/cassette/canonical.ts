/**
 * Canonical forms used as keys: JSON with sorted keys, and a hash for text that is not JSON.
 */
import { createHash } from 'node:crypto';

/** JSON text with object keys sorted at every depth and no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The key of a request body: `""` for none, canonical JSON when it parses (so key order and
 * spacing do not matter), else `sha256:<hex>` of the exact text (Nova answers those 400
 * whatever they hold, but two different texts stay two keys).
 */
export function bodyKey(body: string): string {
  if (body === '') return '';
  try {
    return canonicalJson(JSON.parse(body));
  } catch {
    return `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`;
  }
}
