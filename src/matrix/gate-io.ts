/**
 * The gate's file side: read the baseline and allow-list (bounded, see src/fs/bounded-read.ts),
 * refuse a baseline written for another matrix, compare, or rewrite the baseline (atomically).
 * Shared by `run --baseline` and `check`.
 */
import { stat } from 'node:fs/promises';
import { ERROR_CODES, MvmError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readInputFile } from '../fs/bounded-read.js';
import { MIN_BASELINE_OVERLAP, baselineFit, baselineFromResult, compareWithBaseline, type Allowlist, type Baseline, type GateInput, type GateResult } from './gate.js';
import { parseAllowlist, parseBaseline } from './gate-files.js';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the allow-list; a missing default file is an empty list, a missing explicit one an error. */
export async function readAllowlist(path: string | undefined, defaultPath: string): Promise<Allowlist> {
  const file = path ?? defaultPath;
  if (path === undefined && !(await exists(file))) return { entries: [] };
  return parseAllowlist(await readInputFile(file, 'allowlist'), file);
}

/** Reads and decodes a baseline file. */
export async function readBaseline(file: string): Promise<Baseline> {
  return parseBaseline(await readInputFile(file, 'baseline'), file);
}

/** Serialises a baseline: the matrix it describes, then one cell per line, so diffs in review stay readable. */
export function serializeBaseline(result: GateInput): string {
  const { matrix, cells } = baselineFromResult(result);
  const lines = Object.entries(cells).map(([id, outcome]) => `    ${JSON.stringify(id)}: ${JSON.stringify(outcome)}`);
  return `{\n  "schemaVersion": 1,\n  "matrix": ${JSON.stringify(matrix)},\n  "cells": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/**
 * Refuses (BASELINE_MISMATCH, exit 2) a baseline that does not describe the matrix of `result`:
 * written for another matrix file and sharing fewer than {@link MIN_BASELINE_OVERLAP} of the cells.
 */
export function assertBaselineDescribes(result: GateInput, baseline: Baseline, baselineFile: string): void {
  const fit = baselineFit(result, baseline);
  if (fit.comparable) return;
  const percent = (x: number) => `${Math.floor(x * 100)} %`;
  const written = baseline.matrix ? `${baseline.matrix.file} (sha256 ${baseline.matrix.hash.slice(0, 12)}, ${baseline.matrix.cells} cells)` : 'an unrecorded matrix';
  throw new MvmError(
    ERROR_CODES.BASELINE_MISMATCH,
    `the baseline does not describe this matrix: ${fit.shared} of its ${fit.baselineCells} cells are among the run's ${fit.runCells} ` +
      `(overlap ${percent(fit.overlap)}, at least ${percent(MIN_BASELINE_OVERLAP)} needed); ` +
      `baseline written for ${written}, run from ${result.metadata.matrixFile} (sha256 ${result.metadata.matrixHash.slice(0, 12)}, ${fit.runCells} cells)`,
    {
      where: baselineFile,
      hint: 'gate against the baseline of this matrix, or write one for it with --update-baseline',
    },
  );
}

export interface GateRun {
  readonly gate: GateResult | null;
  /** Set when `--update-baseline` rewrote the file. */
  readonly updated: boolean;
}

/**
 * With `update`, rewrites the baseline from `result` and returns no verdict; otherwise
 * compares (with `read`, the baseline file as already read). `today` is `YYYY-MM-DD`.
 */
export async function runGate(result: GateInput, options: { baseline: string; read?: Baseline; allowlist: Allowlist; update: boolean; today: string }): Promise<GateRun> {
  if (options.update) {
    await writeFileAtomic(options.baseline, serializeBaseline(result));
    return { gate: null, updated: true };
  }
  const baseline = options.read ?? (await readBaseline(options.baseline));
  assertBaselineDescribes(result, baseline, options.baseline);
  return { gate: compareWithBaseline(result, baseline, options.allowlist, options.today), updated: false };
}

/** Reads a `reports/matrix.json` for `check` (the shared reader: schema version 1 or 2). */
export { readMatrixResultFile as readResultFile } from './result-io.js';

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function todayUtc(date = new Date()): string {
  return date.toISOString().slice(0, 10);
}
