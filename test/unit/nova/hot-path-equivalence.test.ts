/**
 * The emulator's hot-path shortcuts (issue 16) against the plain code they replaced: each must
 * give exactly what the plain version gave, for any input. Property tests, no timing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterHexFormatter } from '../../../src/nova/counter-hex.js';
import { IdTable } from '../../../src/nova/id-table.js';
import { escapeAscii, pythonJsonDumps } from '../../../src/nova/python-json.js';
import { isProjectId, pathSegments } from '../../../src/nova/route-table.js';
import {
  formatMicroversion,
  type Microversion,
} from '../../../src/microversion/version.js';
import {
  readRequestedMicroversion,
  readRequestedMicroversionNewton,
  readRequestedMicroversionPreNewton,
  sharedMicroversionResponseHeaders,
  sharedResponseHeadersOf,
} from '../../../src/microversion/headers.js';

/** The serialiser before issue 16 (Object.keys per object, every key quoted again). */
function referenceDumps(value: unknown): string {
  // Strings are quoted as before (escapeAscii did not change); what changed is the walk and the key memo.
  const quote = escapeAscii;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(referenceDumps).join(', ')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj)) if (obj[k] !== undefined) parts.push(`${quote(k)}: ${referenceDumps(obj[k])}`);
  return `{${parts.join(', ')}}`;
}

class WithPrototype {
  constructor(readonly own: unknown) {}
  get derived(): string {
    return 'not own';
  }
}

describe('hot-path shortcuts give what the plain code gave', () => {
  it('pythonJsonDumps equals the reference serialiser (plain, null-prototype and class objects)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u0001', '\u007f', 'é', '\ud83d', '\ude00', ' ', '1', ':') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        text,
        fc.constant(undefined),
        fc.double(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 4 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }).map((d) => Object.assign(Object.create(null) as object, d)),
        tie('node').map((v) => new WithPrototype(v)),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(pythonJsonDumps(v)).toBe(referenceDumps(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('path segments equal split("/") after the first slash; the project-id test equals its pattern', () => {
    const path = fc.string({ unit: fc.constantFrom('/', 'a', '0', 'f', '-', 'g', '%', '') });
    fc.assert(
      fc.property(path, (p) => {
        const reference = p.charCodeAt(0) === 47 ? p.slice(1).split('/') : p.split('/').slice(1);
        expect(pathSegments(p)).toEqual(reference);
        expect(isProjectId(p)).toBe(/^[0-9a-f-]+$/.test(p));
      }),
      { numRuns: 3000 },
    );
  });

  it('counter hex equals toString(16) padded, in any order of counters', () => {
    const format = counterHexFormatter(12);
    const narrow = counterHexFormatter(1);
    const n = fc.oneof(fc.nat({ max: 70_000 }), fc.maxSafeNat(), fc.constantFrom(0, 255, 256, 2 ** 48, 2 ** 53, -1, 1.5, Number.NaN));
    fc.assert(
      fc.property(fc.array(n, { maxLength: 30 }), (values) => {
        for (const v of values) {
          expect(format(v)).toBe(v.toString(16).padStart(12, '0'));
          expect(narrow(v)).toBe(v.toString(16).padStart(1, '0'));
        }
      }),
    );
  });

  it('IdTable behaves as the Map (and the Set) it replaced, also when records go during iteration', () => {
    type Rec = { readonly id: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), gap: fc.nat({ max: 3 }) }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), raw: fc.constantFrom(undefined, 0, -1, 1.5, Number.NaN, 1e9) }),
      fc.record({ kind: fc.constant('iterate' as const), dropEvery: fc.nat({ max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const table = new IdTable<Rec>();
        const map = new Map<number, Rec>();
        let next = 1;
        for (const o of ops) {
          if (o.kind === 'add') {
            next += o.gap;
            const r = { id: next++ };
            table.add(r);
            map.set(r.id, r);
          } else if (o.kind === 'delete') {
            const ids = [...map.keys()];
            const id = o.raw ?? (ids.length ? ids[o.pick % ids.length]! : 1);
            const stranger = { id };
            expect(table.remove(stranger)).toBe(false); // the same id but another record
            expect(table.delete(id)).toBe(map.delete(id));
          } else {
            const seen: Rec[] = [];
            const expected: Rec[] = [];
            let i = 0;
            for (const r of map.values()) {
              expected.push(r);
              if (o.dropEvery > 0 && i++ % o.dropEvery === 0) map.delete(r.id);
            }
            // Re-play the same deletions on the table while iterating it.
            i = 0;
            for (const r of table) {
              seen.push(r);
              if (o.dropEvery > 0 && i++ % o.dropEvery === 0) expect(table.remove(r)).toBe(true);
            }
            expect(seen).toEqual(expected);
          }
          expect(table.size).toBe(map.size);
          expect([...table.values()]).toEqual([...map.values()]);
          for (const id of [0, 1, next - 1, next, 1.5, -0, Number.NaN]) {
            expect(table.get(id)).toBe(map.get(id));
            expect(table.has(id)).toBe(map.has(id));
          }
          for (const r of map.values()) expect(table.includes(r)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('IdTable iteration survives sweeps made while it runs (as a Map iteration survives deletes)', () => {
    const table = new IdTable<{ readonly id: number }>();
    for (let id = 1; id <= 1000; id++) table.add({ id });
    const seen: number[] = [];
    for (const r of table) {
      seen.push(r.id);
      // Drop this record and the one 500 ids on: holes pass half the table, so sweeps run mid-iteration.
      table.delete(r.id);
      table.delete(r.id + 500);
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(table.size).toBe(0);
    table.add({ id: 1001 });
    expect(() => table.add({ id: 1001 })).toThrow(/internal/);
    expect([...table].map((r) => r.id)).toEqual([1001]);
  });

  it('memoised microversion reading and response headers equal the direct computation', () => {
    const header = fc.oneof(fc.constant(undefined), fc.constantFrom('compute 2.68', 'compute 2.1', 'compute latest', 'volume 3.0, compute 2.5', 'compute 2.068', '2.68', ' compute  2.3 '));
    const legacy = fc.oneof(fc.constant(undefined), fc.constantFrom('2.68', 'latest', '2.1, 2.3', 'x'));
    fc.assert(
      fc.property(header, legacy, fc.boolean(), (modern, old, newStyle) => {
        const headers: Record<string, string> = {};
        if (modern !== undefined) headers['openstack-api-version'] = modern;
        if (old !== undefined) headers['x-openstack-nova-api-version'] = old;
        const direct = newStyle ? readRequestedMicroversionNewton(headers) : readRequestedMicroversionPreNewton(headers);
        expect(readRequestedMicroversion(headers, { newStyleHeader: newStyle })).toEqual(direct);
        expect(readRequestedMicroversion({ ...headers }, { newStyleHeader: newStyle })).toEqual(direct);
      }),
    );
    const version = fc.record({ major: fc.integer({ min: 1, max: 3 }), minor: fc.nat({ max: 120 }) });
    fc.assert(
      fc.property(version, fc.boolean(), (v: Microversion, newStyle) => {
        const release = { newStyleHeader: newStyle };
        expect(sharedResponseHeadersOf(v, release)).toEqual(sharedMicroversionResponseHeaders(formatMicroversion(v), release));
        expect(sharedResponseHeadersOf(v, release)).toBe(sharedResponseHeadersOf(v, release));
      }),
    );
  });
});
