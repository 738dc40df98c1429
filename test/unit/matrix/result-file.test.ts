import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { decodeMatrixResult, parseMatrixResult, serializeMatrixResult } from '../../../src/matrix/result-file.js';
import { readMatrixResultFile, writeMatrixResultFile } from '../../../src/matrix/result-io.js';
import type { MatrixResult } from '../../../src/matrix/result.js';
import { thrownMvmError } from '../../support/thrown-mvm-error.js';
import { loadMatrixSmall } from '../reports/fixture.js';

const v1 = loadMatrixSmall();
const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix-result.schema.json', import.meta.url), 'utf8')) as object;

describe('matrix.json schema version 2', () => {
  const text = serializeMatrixResult(v1);
  const doc = JSON.parse(text) as { schemaVersion: number; evidence: { texts: string[]; headers: unknown[]; bodies: unknown[] }; cells: unknown[] };

  it('reads back into the same in-memory result as the version 1 file it was written from', () => {
    expect(doc.schemaVersion).toBe(2);
    const fromV2 = parseMatrixResult(text, 'v2.json');
    const fromV1 = decodeMatrixResult(JSON.parse(JSON.stringify(v1)), 'v1.json');
    expect(fromV2).toEqual(fromV1);
    expect(fromV2.cells).toEqual(v1.cells);
    expect(fromV2.schemaVersion).toBe(2);
  });

  it('keeps every cell, one per line, and stores shared evidence once', () => {
    expect(doc.cells).toHaveLength(v1.cells.length);
    expect(text.split('\n').filter((line) => line.startsWith('{"id":'))).toHaveLength(v1.cells.length);
    const distinctExplanations = new Set(v1.cells.map((c) => c.explanation)).size;
    expect(doc.evidence.texts.length).toBeLessThanOrEqual(distinctExplanations + new Set(v1.cells.map((c) => c.refusal).filter(Boolean)).size);
    expect(doc.evidence.bodies.length).toBeLessThan(v1.cells.length / 5);
    expect(text.length).toBeLessThan(JSON.stringify(v1).length * 0.7);
  });

  it('validates against the shipped result schema, and so does the version 1 file', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(v1))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('keeps per-cell request ids with the cell and the rest of the answer headers shared', () => {
    const cell = { ...v1.cells[0]!, response: { ...v1.cells[0]!.response!, headers: { ...v1.cells[0]!.response!.headers, 'x-openstack-request-id': 'req-1' } } };
    const other = { ...cell, id: `${cell.id}-2`, response: { ...cell.response, headers: { ...cell.response.headers, 'x-openstack-request-id': 'req-2' } } };
    const small: MatrixResult = { ...v1, cells: [cell, other] };
    const written = JSON.parse(serializeMatrixResult(small)) as { evidence: { headers: Record<string, string>[] }; cells: { response: { headers: number; ownHeaders: Record<string, string> } }[] };
    expect(written.cells[0]!.response.headers).toBe(written.cells[1]!.response.headers);
    expect(written.cells.map((c) => c.response.ownHeaders)).toEqual([{ 'x-openstack-request-id': 'req-1' }, { 'x-openstack-request-id': 'req-2' }]);
    expect(parseMatrixResult(serializeMatrixResult(small), 'x.json').cells).toEqual([cell, other]);
  });

  it('names the cell and the table when an evidence index is out of range', () => {
    const broken = JSON.parse(text) as { cells: { explanation: number }[] };
    broken.cells[3]!.explanation = 99_999;
    const error = thrownMvmError(() => decodeMatrixResult(broken, 'reports/matrix.json'));
    expect(error.code).toBe('MVM_ERR_INVALID_INPUT');
    expect(error.format()).toContain('reports/matrix.json: cells[3].explanation');
    expect(error.format()).toContain('evidence.texts');
  });

  it('refuses a schema version it does not know, saying which it reads', () => {
    expect(thrownMvmError(() => decodeMatrixResult({ schemaVersion: 3 }, 'm.json')).message).toContain('unsupported schemaVersion 3 (this mvmatrix reads versions 1 and 2)');
  });

  it('is written atomically and read back by the shared reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvm-result-file-'));
    const file = join(dir, 'matrix.json');
    await writeMatrixResultFile(file, v1);
    expect(readdirSync(dir)).toEqual(['matrix.json']);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect((await readMatrixResultFile(file)).cells).toEqual(v1.cells);
  });
});
