/**
 * The matrix request set as a differential check: the cells of one target run on a real Nova
 * (live, or replayed from its cassette) and on the emulator started as the same release; every
 * answer compared like the differential corpus (status, fault text, microversion headers,
 * content type), explained differences taken from the same allow-list (per release, with a
 * reason). From the explained cells follows the gate allow-list that lets the real Nova's run
 * pass the compatibility gate against the emulator's baseline. Pure.
 */
import type { AllowlistEntry } from '../matrix/gate.js';
import { OUTCOME_RANK, type CellResult, type MatrixResult, type Outcome } from '../matrix/result.js';
import { allowedBy, type AllowList, type HarnessMode } from './allowlist.js';
import type { ConformanceCase } from './corpus/case.js';
import { compareAnswers, faultOf, type Answer, type Difference } from './compare.js';

export interface CellComparison {
  readonly id: string;
  readonly release: string;
  readonly realStatus: number | null;
  readonly emulatorStatus: number | null;
  readonly realOutcome: Outcome;
  readonly emulatorOutcome: Outcome;
  readonly differences: readonly Difference[];
  /** Allow-list entry id when the differences are explained. */
  readonly allowedBy: string | undefined;
}

export interface MatrixComparison {
  readonly release: string;
  readonly cells: readonly CellComparison[];
  /** Cells of the real run the emulator run does not have (should be none). */
  readonly unmatched: readonly string[];
}

/** `/v2.1/servers/<id>/action` → `<id>`. */
function serverIdOf(cell: CellResult): string | undefined {
  return /\/servers\/([^/]+)/.exec(cell.request?.path ?? '')?.[1];
}

function answerOf(cell: CellResult, baseUrl: string): Answer {
  const response = cell.response;
  const body = response?.body === null || response?.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  return {
    status: response?.status ?? 0,
    headers: Object.entries(response?.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v] as const),
    body,
    serverId: serverIdOf(cell),
    baseUrl,
  };
}

/** The cell as a conformance case, so allow-list entries can match it (group `matrix`). */
export function caseOfCell(cell: CellResult): ConformanceCase {
  const at = cell.effectiveMicroversion ?? '(none)';
  return {
    id: cell.id,
    group: 'matrix',
    method: (cell.request?.method ?? 'POST') as ConformanceCase['method'],
    path: cell.request?.path ?? '',
    headers: {},
    caller: (cell.world?.caller ?? 'admin') as ConformanceCase['caller'],
    summary: `${cell.profile} ${cell.scenario} at ${at}`,
    requested: at,
  };
}

/** Compares every cell of `real` with the same cell of `emulator`. */
export function compareMatrixRuns(real: MatrixResult, emulator: MatrixResult, allowList: AllowList, release: string, mode: HarnessMode = 'api-only'): MatrixComparison {
  const byId = new Map(emulator.cells.map((c) => [c.id, c]));
  const cells: CellComparison[] = [];
  const unmatched: string[] = [];
  for (const cell of real.cells) {
    const other = byId.get(cell.id);
    if (!other) {
      unmatched.push(cell.id);
      continue;
    }
    const c = caseOfCell(cell);
    // A client that refused on both sides sent nothing: nothing to compare.
    const differences = cell.response === null && other.response === null ? [] : compareAnswers(c, answerOf(cell, 'real/'), answerOf(other, 'emulator/'));
    const message = (x: CellResult): string => {
      const a = answerOf(x, '');
      return faultOf(a.body)?.message ?? a.body;
    };
    cells.push({
      id: cell.id,
      release,
      realStatus: cell.response?.status ?? null,
      emulatorStatus: other.response?.status ?? null,
      realOutcome: cell.outcome,
      emulatorOutcome: other.outcome,
      differences,
      allowedBy:
        differences.length === 0
          ? undefined
          : allowedBy(allowList, { case: c, release, mode, realStatus: cell.response?.status ?? 0, emulatorStatus: other.response?.status ?? 0, realMessage: message(cell), emulatorMessage: message(other) }, differences),
    });
  }
  return { release, cells, unmatched };
}

/** Per outcome class (the emulator's verdict): cells, and cells whose real verdict is the same. */
export function verdictAgreement(comparison: MatrixComparison): Record<string, { readonly cells: number; readonly agree: number }> {
  const out: Record<string, { cells: number; agree: number }> = {};
  for (const c of comparison.cells) {
    const t = (out[c.emulatorOutcome] ??= { cells: 0, agree: 0 });
    t.cells++;
    if (c.realOutcome === c.emulatorOutcome) t.agree++;
  }
  return out;
}

export function unexplainedCells(comparison: MatrixComparison): CellComparison[] {
  return comparison.cells.filter((c) => c.differences.length > 0 && c.allowedBy === undefined);
}

/** Until when the generated gate entries hold: the full control plane (#10) is meant to answer these cells for real by then. */
export const REAL_NOVA_GATE_EXPIRY = '2027-12-31';

/**
 * Gate allow-list entries for the explained cells whose real outcome is worse than the
 * baseline's: exactly these cells, at exactly that outcome, with the release and the reason.
 * `targetIds`: the ids the same real Nova answers under (`zed`, `mv-2.93`), each cell repeated
 * for each; default the cells' own.
 */
export function gateAllowlistEntries(
  comparison: MatrixComparison,
  allowList: AllowList,
  baseline: Readonly<Record<string, Outcome>>,
  targetIds?: readonly string[],
): AllowlistEntry[] {
  const firstSentence = new Map(allowList.entries.map((e) => [e.id, (e.reason.trim().replace(/\s+/g, ' ').split(/(?<=[.:]) /)[0] ?? '').replace(/[.:]$/, '')]));
  const ids = (c: CellComparison): string[] => (targetIds ?? [c.id.slice(c.id.lastIndexOf('|') + 1)]).map((t) => `${c.id.slice(0, c.id.lastIndexOf('|'))}|${t}`);
  return comparison.cells
    .filter((c) => c.allowedBy !== undefined)
    .flatMap((c) => ids(c).map((id) => ({ c, id })))
    .filter(({ c, id }) => baseline[id] !== undefined && OUTCOME_RANK[c.realOutcome] > OUTCOME_RANK[baseline[id]!])
    .map(({ c, id }) => ({
      cell: id,
      outcome: c.realOutcome,
      reason: `real Nova ${comparison.release}: ${c.allowedBy} (contracts/conformance-allowlist.yaml): ${firstSentence.get(c.allowedBy!) ?? ''}`,
      expires: REAL_NOVA_GATE_EXPIRY,
    }));
}
