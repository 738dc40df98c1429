/**
 * The gate's file side: read the baseline and allow-list, compare, or rewrite the baseline
 * (atomically). Shared by `run --baseline` and `check`.
 */
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, MvmError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { baselineFromResult, compareWithBaseline, type Allowlist, type GateResult } from './gate.js';
import { parseAllowlist, parseBaseline } from './gate-files.js';
import type { MatrixResult } from './result.js';

async function readText(path: string, code: typeof ERROR_CODES.INVALID_BASELINE | typeof ERROR_CODES.INVALID_INPUT, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new MvmError(code, `cannot read the ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { where: path, cause: error });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the allow-list; a missing default file is an empty list, a missing explicit one an error. */
export async function readAllowlist(path: string | undefined, defaultPath: string): Promise<Allowlist> {
  const file = path ?? defaultPath;
  if (path === undefined && !(await exists(file))) return { entries: [] };
  return parseAllowlist(await readText(file, ERROR_CODES.INVALID_BASELINE, 'allow-list'), file);
}

/** Serialises a baseline: one cell per line, so diffs in review stay readable. */
export function serializeBaseline(result: MatrixResult): string {
  const { cells } = baselineFromResult(result);
  const lines = Object.entries(cells).map(([id, outcome]) => `    ${JSON.stringify(id)}: ${JSON.stringify(outcome)}`);
  return `{\n  "schemaVersion": 1,\n  "cells": {\n${lines.join(',\n')}\n  }\n}\n`;
}

export interface GateRun {
  readonly gate: GateResult | null;
  /** Set when `--update-baseline` rewrote the file. */
  readonly updated: boolean;
}

/**
 * With `update`, rewrites the baseline from `result` and returns no verdict; otherwise
 * compares. `today` is `YYYY-MM-DD`.
 */
export async function runGate(result: MatrixResult, options: { baseline: string; allowlist: Allowlist; update: boolean; today: string }): Promise<GateRun> {
  if (options.update) {
    await writeFileAtomic(options.baseline, serializeBaseline(result));
    return { gate: null, updated: true };
  }
  const baseline = parseBaseline(await readText(options.baseline, ERROR_CODES.INVALID_BASELINE, 'baseline'), options.baseline);
  return { gate: compareWithBaseline(result, baseline, options.allowlist, options.today), updated: false };
}

/** Reads a `reports/matrix.json` for `check` (the shared reader: schema version 1 or 2). */
export { readMatrixResultFile as readResultFile } from './result-io.js';

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function todayUtc(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}
