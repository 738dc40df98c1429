import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAllowlist, parseBaseline } from '../../../src/matrix/gate-files.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const schema = (name: string) => JSON.parse(read(`matrix/schema/${name}`)) as object;

describe('shipped matrix files', () => {
  it('the committed baseline and allow-list match their schemas and decode', () => {
    const ajv = new Ajv({ strict: false });
    const baseline = JSON.parse(read('matrix/baseline.json')) as unknown;
    expect(ajv.validate(schema('baseline.schema.json'), baseline), JSON.stringify(ajv.errors)).toBe(true);
    expect(Object.keys(parseBaseline(read('matrix/baseline.json'), 'matrix/baseline.json').cells).length).toBeGreaterThan(10_000);
    const allowlist = parse(read('matrix/allowlist.yaml')) as unknown;
    expect(ajv.validate(schema('allowlist.schema.json'), allowlist), JSON.stringify(ajv.errors)).toBe(true);
    expect(parseAllowlist(read('matrix/allowlist.yaml'), 'matrix/allowlist.yaml').entries).toEqual([]);
  });

  it('the default matrix matches the definition schema', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(schema('matrix.schema.json'), parse(read('matrix/default.yaml'))), JSON.stringify(ajv.errors)).toBe(true);
  });
});
