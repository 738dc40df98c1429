/**
 * What `run` keeps of its cells, so 10× the cells cost far less than 10× the memory: each block
 * of finished cells (the runner's `onBlock`) gets its contract verdicts, goes to matrix.json's
 * spool on disk (`matrix/result-stream.ts`), and is recorded into the reports' compact table
 * (`reports/cell-table.ts`: a few numbers per cell, the causes and evidence of the cells that
 * make findings or changed against the baseline) and a few counts. Nothing else of a cell stays.
 * The gate, the baseline update and every report are then made from the table.
 */
import type { ExpandedMatrix, MatrixCell } from '../matrix/expand.js';
import { OUTCOMES, type CellContract, type CellResult, type MatrixResult, type Outcome } from '../matrix/result.js';
import { changesAgainst, type Baseline } from '../matrix/gate.js';
import { clientCodeFailed, isInfrastructureFailure } from '../matrix/run-health.js';
import { resultTargets, scenarioSummaries } from './execute.js';
import { MatrixResultStream } from '../matrix/result-stream.js';
import { CellRecorder, CellTable } from '../reports/cell-table.js';

/**
 * Cells per block, about: enough to keep the runner busy, few enough that a block's cells die
 * young (measured 2026-12-01, default matrix: 1,024 against 4,096 took the run's peak RSS from
 * about 235 MB to about 185 MB).
 */
const CELLS_PER_BLOCK = 1024;

/** Rows (profile × scenario) per block for `expanded`: about {@link CELLS_PER_BLOCK} cells. */
export function blockRowsFor(expanded: Pick<ExpandedMatrix, 'targets'>): number {
  return Math.max(1, Math.floor(CELLS_PER_BLOCK / Math.max(1, expanded.targets.length)));
}

export interface StreamedCellsOptions {
  /** The result file the spool stands beside (`reports/matrix.json`). */
  readonly outFile: string;
  readonly expanded: ExpandedMatrix;
  /** The baseline the gate will compare with: cells whose outcome's rank differs keep their cause and evidence. */
  readonly baseline?: Baseline;
  /** Contract verdicts by cell id (`run --contracts`), put into each cell as it passes. */
  readonly contracts?: ReadonlyMap<string, readonly CellContract[]>;
}

/** Counts kept as the cells pass. */
export interface StreamedCounts {
  readonly ran: number;
  readonly byOutcome: Readonly<Record<Outcome, number>>;
  /** `error` cells that are Nova's 5xx answer (not a client driver's failure). */
  readonly novaErrors: number;
  /** Cells a real client's driver failed or could not run. */
  readonly driverErrors: number;
  /** Cells that got no answer for reasons outside Nova, and the first of them in result order. */
  readonly infrastructureFailures: number;
  readonly firstInfrastructureFailure: CellResult | null;
}

export class StreamedCells {
  readonly table: CellTable;
  /** The cells that carry contract verdicts (the reports' contract notes). */
  readonly contracted: { readonly id: string; readonly contracts: readonly CellContract[] }[] = [];
  private readonly recorder: CellRecorder;
  private readonly counts = { ran: 0, novaErrors: 0, driverErrors: 0, infrastructureFailures: 0 };
  private readonly byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  private first: CellResult | null = null;

  private constructor(
    private readonly options: StreamedCellsOptions,
    readonly output: MatrixResultStream,
  ) {
    const { expanded } = options;
    const lists = { profiles: expanded.profiles.map((id) => ({ id, title: id })), scenarios: scenarioSummaries(expanded.definition), targets: resultTargets(expanded.targets) };
    this.recorder = new CellRecorder(lists);
    // The table learns its targets from the cells: a target the provider could not serve has
    // none, and gets no column (as in a result's table, whose targets are the served ones).
    this.table = new CellTable({ ...lists, targets: [] }, expanded.cells.length);
  }

  static async open(options: StreamedCellsOptions): Promise<StreamedCells> {
    return new StreamedCells(options, await MatrixResultStream.open(options.outFile, resultTargets(options.expanded.targets)));
  }

  /** The runner's `onBlock`: the block's cells that ran, in result order, at their positions. */
  readonly block = async (results: readonly CellResult[], _cells: readonly MatrixCell[], positions: readonly number[]): Promise<void> => {
    const { contracts, baseline } = this.options;
    const cells = contracts ? results.map((cell) => withContract(cell, contracts.get(cell.id), this.contracted)) : results;
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k]!;
      this.counts.ran++;
      this.byOutcome[cell.outcome]++;
      if (cell.outcome === 'error' && !clientCodeFailed(cell)) this.counts.novaErrors++;
      if (clientCodeFailed(cell)) this.counts.driverErrors++;
      if (isInfrastructureFailure(cell)) {
        this.counts.infrastructureFailures++;
        this.first ??= cell;
      }
      this.recorder.add(cell, positions[k]!, baseline !== undefined && changesAgainst(baseline, cell.id, cell.outcome));
    }
    this.table.absorb(this.recorder.take());
    await this.output.write(cells);
  };

  get summary(): StreamedCounts {
    return { ...this.counts, byOutcome: { ...this.byOutcome }, firstInfrastructureFailure: this.first };
  }

  /** The table's profiles and scenarios as the result lists them (the table was opened with ids only). */
  adopt(head: Pick<MatrixResult, 'profiles' | 'scenarios'>): void {
    head.profiles.forEach((p, i) => {
      if (this.table.profiles[i]?.id === p.id) this.table.profiles[i] = p;
    });
    head.scenarios.forEach((s, i) => {
      if (this.table.scenarios[i]?.id === s.id) this.table.scenarios[i] = s;
    });
  }
}

function withContract(cell: CellResult, contracts: readonly CellContract[] | undefined, contracted: { id: string; contracts: readonly CellContract[] }[]): CellResult {
  if (!contracts) return cell;
  contracted.push({ id: cell.id, contracts });
  return { ...cell, contracts };
}
