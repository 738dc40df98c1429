/**
 * Decoding the gate's input files: the baseline (JSON, cell id → outcome, and the matrix it was
 * written from) and the allow-list (YAML). Bad input becomes an `MVM_ERR_INVALID_BASELINE`
 * error naming the file, the path inside it and, where the parser knows it, the line and column.
 * Pure.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { InputSyntaxError, parseJsonText, parseYamlText, type ParsedYaml } from '../schema/parse-input.js';
import type { Allowlist, AllowlistEntry, Baseline, BaselineProvenance } from './gate.js';
import { OUTCOMES, type Outcome } from './result.js';

function bad(file: string, path: string, message: string, hint: string, position?: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_BASELINE, message, { where: `${file}: ${path}${position ? ` (${position})` : ''}`, hint });
}

const BASELINE_HINT = 'a baseline is {"schemaVersion": 1, "cells": {"<profile>|<scenario>|<target>": "<outcome>"}}; regenerate it with `mvmatrix run --update-baseline`';
const ALLOWLIST_HINT = 'an allow-list is `entries:` with cell, reason, expires (YYYY-MM-DD) and an optional outcome; see docs/matrix.md';

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** True for a real calendar day `YYYY-MM-DD` (not 2027-02-31, not 2026-13-01). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function provenance(value: unknown, file: string): BaselineProvenance | undefined {
  if (value === undefined) return undefined;
  const m = value as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m) || typeof m['file'] !== 'string' || typeof m['hash'] !== 'string' || !Number.isInteger(m['cells'])) {
    throw bad(file, '/matrix', 'expected {"file": "<matrix file>", "hash": "<sha256>", "cells": <count>}', BASELINE_HINT);
  }
  return { file: m['file'], hash: m['hash'], cells: m['cells'] as number };
}

/** Parses a baseline file's text. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = parseJsonText(text);
  } catch (error) {
    if (error instanceof InputSyntaxError) throw bad(file, '/', error.message, BASELINE_HINT, error.position);
    throw error;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad(file, '/', 'expected a JSON object', BASELINE_HINT);
  const record = data as Record<string, unknown>;
  if (record['schemaVersion'] !== 1) throw bad(file, '/schemaVersion', `expected 1 (got ${JSON.stringify(record['schemaVersion'])})`, BASELINE_HINT);
  for (const key of Object.keys(record)) {
    if (!['schemaVersion', 'matrix', 'cells'].includes(key)) throw bad(file, `/${key}`, `unknown key '${key}'`, BASELINE_HINT);
  }
  const matrix = provenance(record['matrix'], file);
  const cells = record['cells'];
  if (!cells || typeof cells !== 'object' || Array.isArray(cells)) throw bad(file, '/cells', 'expected an object of cell id → outcome', BASELINE_HINT);
  for (const [id, outcome] of Object.entries(cells)) {
    if (!isOutcome(outcome)) {
      throw bad(file, `/cells/${id}`, `expected one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(outcome)})`, BASELINE_HINT);
    }
  }
  return { schemaVersion: 1, ...(matrix ? { matrix } : {}), cells: cells as Record<string, Outcome> };
}

/** Parses an allow-list file's text (YAML). An empty file is an empty allow-list. */
export function parseAllowlist(text: string, file: string): Allowlist {
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlText(text);
  } catch (error) {
    if (error instanceof InputSyntaxError) throw bad(file, '/', error.message, ALLOWLIST_HINT, error.position);
    throw error;
  }
  const data = parsed.data;
  const fail = (path: string, message: string): never => {
    throw bad(file, path, message, ALLOWLIST_HINT, parsed.locate(path === '/' ? '' : path));
  };
  if (data === null || data === undefined) return { entries: [] };
  if (typeof data !== 'object' || Array.isArray(data)) return fail('/', 'expected a mapping with `entries:`');
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'version' && key !== 'entries') fail(`/${key}`, `unknown key '${key}'`);
  }
  const raw = record['entries'] ?? [];
  if (!Array.isArray(raw)) return fail('/entries', 'expected a list');
  const entries = raw.map((item: unknown, i): AllowlistEntry => {
    const path = `/entries/${i}`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) return fail(path, 'expected a mapping');
    const e = item as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!['cell', 'outcome', 'reason', 'expires'].includes(key)) fail(`${path}/${key}`, `unknown key '${key}'`);
    }
    if (typeof e['cell'] !== 'string' || e['cell'] === '') return fail(`${path}/cell`, 'expected a cell id or pattern');
    if (typeof e['reason'] !== 'string' || e['reason'].trim() === '') return fail(`${path}/reason`, 'expected a reason (why this cell is accepted)');
    // A YAML 1.1 parser would read an unquoted 2027-01-31 as a date: accept both.
    const expires = e['expires'] instanceof Date ? e['expires'].toISOString().slice(0, 10) : e['expires'];
    if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
      return fail(`${path}/expires`, `expected a date YYYY-MM-DD (got ${JSON.stringify(e['expires'])})`);
    }
    if (!isCalendarDate(expires)) return fail(`${path}/expires`, `${expires} is not a day of the calendar`);
    if (e['outcome'] !== undefined && !isOutcome(e['outcome'])) {
      return fail(`${path}/outcome`, `expected one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(e['outcome'])})`);
    }
    return { cell: e['cell'], reason: e['reason'], expires, ...(e['outcome'] === undefined ? {} : { outcome: e['outcome'] as Outcome }) };
  });
  return { entries };
}
