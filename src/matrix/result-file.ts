/**
 * `reports/matrix.json` on disk, schema version 2: every cell, one per line, with the evidence
 * many cells share — explanations, refusals, header sets and bodies — stored once in an
 * `evidence` table the cells point into by index. Reading accepts version 1 (every cell with
 * its evidence inline) and version 2, and returns the same in-memory `MatrixResult`.
 * Pure: text in, text out (the file side is `result-io.ts`).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { OUTCOMES, type CellRequest, type CellResponse, type CellResult, type CellTarget, type MatrixResult } from './result.js';
import { InputSyntaxError, parseJsonText } from '../schema/parse-input.js';

/** The format this mvmatrix writes. */
export const MATRIX_RESULT_FILE_VERSION = 2;

/**
 * Response headers that differ in every cell (request ids): kept with the cell, so the header
 * set that remains is shared by every cell with the same answer.
 */
export const PER_CELL_HEADERS: ReadonlySet<string> = new Set(['x-openstack-request-id', 'x-compute-request-id', 'openstack-request-id']);

/** The shared evidence of a version 2 file. */
export interface EvidenceTable {
  readonly texts: readonly string[];
  readonly headers: readonly Readonly<Record<string, string>>[];
  readonly bodies: readonly unknown[];
}

/** The three evidence tables: explanations and refusals, header sets, bodies. */
export const EVIDENCE_KINDS = ['t', 'h', 'b'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
const TABLE_NAMES: Readonly<Record<EvidenceKind, keyof EvidenceTable>> = { t: 'texts', h: 'headers', b: 'bodies' };

/**
 * Encodes cells as matrix.json lines whose evidence (explanations, refusals, header sets,
 * bodies) is numbered in order of first use, so the lines must be written in the order they
 * are encoded; {@link CellLineEncoder.tail} then gives the evidence table they point into.
 */
export class CellLineEncoder {
  private readonly numbers: Record<EvidenceKind, Map<string, number>> = { t: new Map(), h: new Map(), b: new Map() };
  /** Each table's values as JSON, in order of first use. */
  private readonly values: Record<EvidenceKind, string[]> = { t: [], h: [], b: [] };
  /** Explanations and refusals already numbered, by their text. */
  private readonly textNumbers = new Map<string, number>();
  /** Objects already numbered (shared header sets and bodies are numbered without JSON). */
  private readonly seen: Record<'h' | 'b', WeakMap<object, number>> = { h: new WeakMap(), b: new WeakMap() };
  /** A response's header set split into the shared part's number and the cell's own headers (as JSON), by object. */
  private readonly responseHeaders = new WeakMap<object, { shared: number; own: string | undefined }>();
  private readonly targets: ReadonlyMap<string, CellTarget>;

  /** `targets`: the result's metadata targets (a cell naming one of them writes its id only). */
  constructor(targets: readonly CellTarget[]) {
    this.targets = new Map(targets.map((t) => [t.id, t]));
  }

  private ref(kind: EvidenceKind, json: string): number {
    const numbers = this.numbers[kind];
    let n = numbers.get(json);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(json, n);
      this.values[kind].push(json);
    }
    return n;
  }

  private text(value: string): number {
    // By the text itself first: cells hand in the same few hundred strings over and over, often
    // already hashed (the reports' recorder numbers them too), so the JSON is made once per text.
    let n = this.textNumbers.get(value);
    if (n === undefined) this.textNumbers.set(value, (n = this.ref('t', JSON.stringify(value))));
    return n;
  }

  private object(kind: 'h' | 'b', value: unknown): number {
    if (typeof value !== 'object' || value === null) return this.ref(kind, JSON.stringify(value));
    let n = this.seen[kind].get(value);
    if (n === undefined) this.seen[kind].set(value, (n = this.ref(kind, JSON.stringify(value))));
    return n;
  }

  private request(request: CellRequest | null): string {
    if (request === null) return 'null';
    const body = request.body === null || request.body === undefined ? 'null' : this.object('b', request.body);
    return `{"method":${JSON.stringify(request.method)},"path":${JSON.stringify(request.path)},"headers":${this.object('h', request.headers)},"body":${body}}`;
  }

  private splitHeaders(headers: Readonly<Record<string, string>>): { shared: number; own: string | undefined } {
    let split = this.responseHeaders.get(headers);
    if (split === undefined) {
      const shared: Record<string, string> = {};
      let own: Record<string, string> | undefined;
      for (const name in headers) {
        const value = headers[name]!;
        if (PER_CELL_HEADERS.has(name)) (own ??= {})[name] = value;
        else shared[name] = value;
      }
      split = { shared: this.ref('h', JSON.stringify(shared)), own: own ? JSON.stringify(own) : undefined };
      this.responseHeaders.set(headers, split);
    }
    return split;
  }

  private response(response: CellResponse | null): string {
    if (response === null) return 'null';
    const { shared, own } = this.splitHeaders(response.headers);
    const body = response.body === null || response.body === undefined ? 'null' : this.object('b', response.body);
    return `{"status":${JSON.stringify(response.status)},"headers":${shared}${own === undefined ? '' : `,"ownHeaders":${own}`},"body":${body}}`;
  }

  /** The cell's line (no separator), its evidence numbered in the file's order. */
  encode(cell: CellResult): string {
    const { id, profile, scenario, target, outcome, explanation, request, refusal, response, ...rest } = cell;
    const known = this.targets.get(target.id);
    const targetJson = known !== undefined && known.release === target.release && known.maxMicroversion === target.maxMicroversion ? JSON.stringify(target.id) : JSON.stringify(target);
    const restJson = JSON.stringify(rest);
    return (
      `{"id":${JSON.stringify(id)},"profile":${JSON.stringify(profile)},"scenario":${JSON.stringify(scenario)},"target":${targetJson},"outcome":${JSON.stringify(outcome)}` +
      `,"explanation":${this.text(explanation)},"request":${this.request(request)}${refusal === undefined ? '' : `,"refusal":${this.text(refusal)}`}` +
      `,"response":${this.response(response)}${restJson === '{}' ? '' : `,${restJson.slice(1, -1)}`}}`
    );
  }

  /** The end of the file: the evidence table (one entry per line) and the closing braces. */
  tail(): string {
    const list = (kind: EvidenceKind, last: boolean): string => {
      const values = this.values[kind];
      return `  ${JSON.stringify(TABLE_NAMES[kind])}: [${values.length === 0 ? '' : `\n${values.map((v) => `   ${v}`).join(',\n')}\n  `}]${last ? '' : ','}\n`;
    };
    return ` ],\n "evidence": {\n${list('t', false)}${list('h', false)}${list('b', true)} }\n}\n`;
  }
}

/** The start of the file: everything but the cells and the evidence, then the opening of `cells`. */
export function matrixResultHead(head: Omit<MatrixResult, 'cells' | 'schemaVersion'>): string {
  return `${JSON.stringify({ schemaVersion: MATRIX_RESULT_FILE_VERSION, ...head }, null, 1).replace(/\n}$/, '')},\n "cells": [\n`;
}

/**
 * The file's text as chunks, in order (write them one after the other): the head, the cells
 * (one per line, encoded as they are written) and then the evidence table they point into (one
 * entry per line) — so no more than one cell's line is held at a time. Readers take the keys in
 * any order.
 */
export function* matrixResultChunks(result: MatrixResult): Generator<string> {
  const { cells, schemaVersion: _version, ...head } = result;
  const encoder = new CellLineEncoder(result.metadata.targets);
  yield matrixResultHead(head);
  for (let i = 0; i < cells.length; i++) yield `${encoder.encode(cells[i]!)}${i === cells.length - 1 ? '' : ','}\n`;
  yield encoder.tail();
}

/** The whole file as one string (tests, small results); `run` writes the chunks as they come. */
export function serializeMatrixResult(result: MatrixResult): string {
  return [...matrixResultChunks(result)].join('');
}

// ---------------------------------------------------------------------------------------------
// Reading

function invalid(file: string, message: string, hint?: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_INPUT, message, { where: file, ...(hint ? { hint } : {}) });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function pick<T>(list: readonly T[], index: unknown, where: string, what: string): T {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= list.length) {
    throw invalid(where, `expected an index into evidence.${what} (0…${list.length - 1}), got ${JSON.stringify(index)}`);
  }
  return list[index]!;
}

function decodeEvidence(value: unknown, file: string): EvidenceTable {
  if (!isObject(value)) throw invalid(`${file}: evidence`, 'a version 2 result needs an evidence object with texts, headers and bodies');
  for (const key of ['texts', 'headers', 'bodies'] as const) {
    if (!Array.isArray(value[key])) throw invalid(`${file}: evidence.${key}`, 'must be an array');
  }
  const texts = value.texts as unknown[];
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw invalid(`${file}: evidence.texts[${i}]`, 'must be a string');
  });
  (value.headers as unknown[]).forEach((headers, i) => {
    if (!isObject(headers)) throw invalid(`${file}: evidence.headers[${i}]`, 'must be an object of header name → value');
  });
  return value as unknown as EvidenceTable;
}

/** A version 2 cell back to its in-memory form (shared evidence objects are shared, not copied). */
function expandCell(raw: Record<string, unknown>, evidence: EvidenceTable, targets: ReadonlyMap<string, CellTarget>, where: string): CellResult {
  const target = typeof raw.target === 'string' ? targets.get(raw.target) : raw.target;
  if (!isObject(target) || typeof target.id !== 'string') throw invalid(`${where}.target`, `unknown target ${JSON.stringify(raw.target)} (not in metadata.targets)`);
  const body = (index: unknown, at: string): unknown => (index === null || index === undefined ? null : pick(evidence.bodies, index, at, 'bodies'));
  const req = raw.request as Record<string, unknown> | null;
  const res = raw.response as Record<string, unknown> | null;
  const request: CellRequest | null = isObject(req)
    ? { method: String(req.method), path: String(req.path), headers: pick(evidence.headers, req.headers, `${where}.request.headers`, 'headers'), body: body(req.body, `${where}.request.body`) }
    : null;
  let response: CellResponse | null = null;
  if (isObject(res)) {
    const shared = pick(evidence.headers, res.headers, `${where}.response.headers`, 'headers');
    const own = isObject(res.ownHeaders) ? (res.ownHeaders as Record<string, string>) : undefined;
    response = { status: Number(res.status), headers: own ? { ...shared, ...own } : shared, body: body(res.body, `${where}.response.body`) };
  }
  const { explanation, refusal, ...rest } = raw;
  return {
    ...(rest as unknown as CellResult),
    target: target as unknown as CellTarget,
    explanation: pick(evidence.texts, explanation, `${where}.explanation`, 'texts'),
    ...(refusal === undefined ? {} : { refusal: pick(evidence.texts, refusal, `${where}.refusal`, 'texts') }),
    request,
    response,
  };
}

function checkCell(cell: Record<string, unknown>, where: string): void {
  const target = cell.target as Record<string, unknown> | undefined;
  if (typeof cell.id !== 'string' || typeof cell.profile !== 'string' || typeof cell.scenario !== 'string' || typeof cell.outcome !== 'string' || typeof target?.id !== 'string') {
    throw invalid(where, 'a cell needs id, profile, scenario, outcome and target.id');
  }
  if (!(OUTCOMES as readonly string[]).includes(cell.outcome)) throw invalid(`${where}.outcome`, `unknown outcome ${JSON.stringify(cell.outcome)}`, `one of: ${OUTCOMES.join(', ')}`);
}

/**
 * Checks a parsed `matrix.json` (version 1 or 2) and returns the in-memory result; bad input is
 * an `MVM_ERR_INVALID_INPUT` error naming `file` and the place inside it.
 */
export function decodeMatrixResult(value: unknown, file: string): MatrixResult {
  if (!isObject(value)) throw invalid(file, 'not a matrix result: expected a JSON object');
  const version = value.schemaVersion;
  if (version !== 1 && version !== 2) {
    throw invalid(file, `unsupported schemaVersion ${JSON.stringify(version)} (this mvmatrix reads versions 1 and 2)`, 're-run `mvmatrix run` with this version of mvmatrix to regenerate it');
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || !Array.isArray(metadata.targets)) throw invalid(file, 'metadata.targets is missing');
  for (const key of ['profiles', 'scenarios', 'cells'] as const) {
    if (!Array.isArray(value[key])) throw invalid(file, `${key} must be an array`);
  }
  const targets = new Map((metadata.targets as CellTarget[]).map((t) => [t.id, t]));
  const evidence = version === 2 ? decodeEvidence(value.evidence, file) : undefined;
  const cells = (value.cells as unknown[]).map((raw, i) => {
    const where = `${file}: cells[${i}]`;
    if (!isObject(raw)) throw invalid(where, 'a cell must be an object');
    const cell = evidence ? expandCell(raw, evidence, targets, where) : (raw as unknown as CellResult);
    checkCell(cell as unknown as Record<string, unknown>, where);
    return cell;
  });
  const { evidence: _evidence, ...rest } = value;
  return { ...(rest as unknown as MatrixResult), schemaVersion: MATRIX_RESULT_FILE_VERSION, cells };
}

/** Parses a `matrix.json` text (version 1 or 2). */
export function parseMatrixResult(text: string, file: string): MatrixResult {
  let parsed: unknown;
  try {
    parsed = parseJsonText(text);
  } catch (error) {
    if (!(error instanceof InputSyntaxError)) throw error;
    throw invalid(error.position ? `${file} (${error.position})` : file, `invalid JSON: ${error.message.replace(/^not valid JSON: /, '')}`);
  }
  return decodeMatrixResult(parsed, file);
}
