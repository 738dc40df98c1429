/**
 * Decoding the gate's input files: the baseline (JSON, cell id → outcome) and the allow-list
 * (YAML). Bad input becomes an `MVM_ERR_INVALID_BASELINE` error naming file and path. Pure.
 */
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { Allowlist, AllowlistEntry, Baseline } from './gate.js';
import { OUTCOMES, type Outcome } from './result.js';

function bad(file: string, path: string, message: string, hint: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_BASELINE, message, { where: `${file}: ${path}`, hint });
}

const BASELINE_HINT = 'a baseline is {"schemaVersion": 1, "cells": {"<profile>|<scenario>|<target>": "<outcome>"}}; regenerate it with `mvmatrix run --update-baseline`';
const ALLOWLIST_HINT = 'an allow-list is `entries:` with cell, reason, expires (YYYY-MM-DD) and an optional outcome; see docs/matrix.md';

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** Parses a baseline file's text. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw bad(file, '/', `not valid JSON: ${(error as Error).message}`, BASELINE_HINT);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad(file, '/', 'expected a JSON object', BASELINE_HINT);
  const record = data as Record<string, unknown>;
  if (record['schemaVersion'] !== 1) throw bad(file, '/schemaVersion', `expected 1 (got ${JSON.stringify(record['schemaVersion'])})`, BASELINE_HINT);
  const cells = record['cells'];
  if (!cells || typeof cells !== 'object' || Array.isArray(cells)) throw bad(file, '/cells', 'expected an object of cell id → outcome', BASELINE_HINT);
  for (const [id, outcome] of Object.entries(cells)) {
    if (!isOutcome(outcome)) {
      throw bad(file, `/cells/${id}`, `expected one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(outcome)})`, BASELINE_HINT);
    }
  }
  return { schemaVersion: 1, cells: cells as Record<string, Outcome> };
}

/** Parses an allow-list file's text (YAML). An empty file is an empty allow-list. */
export function parseAllowlist(text: string, file: string): Allowlist {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw bad(file, '/', `not valid YAML: ${(error as Error).message.split('\n')[0]}`, ALLOWLIST_HINT);
  }
  if (data === null || data === undefined) return { entries: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw bad(file, '/', 'expected a mapping with `entries:`', ALLOWLIST_HINT);
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'version' && key !== 'entries') throw bad(file, `/${key}`, `unknown key '${key}'`, ALLOWLIST_HINT);
  }
  const raw = record['entries'] ?? [];
  if (!Array.isArray(raw)) throw bad(file, '/entries', 'expected a list', ALLOWLIST_HINT);
  const entries = raw.map((item: unknown, i): AllowlistEntry => {
    const path = `/entries/${i}`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw bad(file, path, 'expected a mapping', ALLOWLIST_HINT);
    const e = item as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!['cell', 'outcome', 'reason', 'expires'].includes(key)) throw bad(file, `${path}/${key}`, `unknown key '${key}'`, ALLOWLIST_HINT);
    }
    if (typeof e['cell'] !== 'string' || e['cell'] === '') throw bad(file, `${path}/cell`, 'expected a cell id or pattern', ALLOWLIST_HINT);
    if (typeof e['reason'] !== 'string' || e['reason'].trim() === '') throw bad(file, `${path}/reason`, 'expected a reason (why this cell is accepted)', ALLOWLIST_HINT);
    // YAML reads an unquoted 2027-01-31 as a date: accept both.
    const expires = e['expires'] instanceof Date ? e['expires'].toISOString().slice(0, 10) : e['expires'];
    if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) {
      throw bad(file, `${path}/expires`, `expected a date YYYY-MM-DD (got ${JSON.stringify(e['expires'])})`, ALLOWLIST_HINT);
    }
    if (e['outcome'] !== undefined && !isOutcome(e['outcome'])) {
      throw bad(file, `${path}/outcome`, `expected one of ${OUTCOMES.join(', ')} (got ${JSON.stringify(e['outcome'])})`, ALLOWLIST_HINT);
    }
    return { cell: e['cell'], reason: e['reason'], expires, ...(e['outcome'] === undefined ? {} : { outcome: e['outcome'] as Outcome }) };
  });
  return { entries };
}
