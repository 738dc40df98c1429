/**
 * The report view model: everything the templates show, computed once from a
 * `MatrixResult`. First the findings and the release tables; then per profile, one table per
 * kind of target (releases, maximum microversions, capped releases) with columns collapsed
 * into bands, plus the evidence groups. Pure: no I/O, no clock.
 */
import { findingContextOf, groupFindings, isFindingCell, rankFindings, type FindingCell, type FindingInput } from '../findings/build.js';
import { diffCellsAgainstGate, type DiffCell } from '../findings/diff.js';
import type { Finding } from '../findings/finding.js';
import { describeTargetRun } from '../findings/targets.js';
import type { GateResult } from '../matrix/gate.js';
import { OUTCOMES, type CellResult, type CellTarget, type MatrixResult, type Outcome, type ScenarioSummary } from '../matrix/result.js';
import { collapseBands, formatRange } from './band-collapse.js';
import { cellGrid, tableFromResult, type CellTable } from './cell-table.js';
import { buildEvidence, type EvidenceGroup } from './evidence-groups.js';
import { buildDiffView, findingView, TOP_FINDINGS, type DiffView, type FindingView } from './findings-view.js';
import { LIVE_MIGRATION_SWITCHES, type SwitchNote } from './microversion-switches.js';
import { MISSING_GLYPH, OUTCOME_LEGEND, legendFor, type OutcomeLegendEntry } from './outcome-legend.js';
import { buildReleaseTables, type ReleaseTableView } from './release-table.js';
import { releaseSeries, releaseTitle, targetKind, type TargetKind } from './target-columns.js';

export interface OutcomeCount {
  readonly outcome: Outcome;
  readonly glyph: string;
  readonly label: string;
  readonly cssClass: string;
  readonly count: number;
}

export interface ColumnView {
  readonly label: string;
  readonly sublabel: string;
  /** The band in the words the evidence uses (`Newton–Hibiscus`, `max 2.30–2.104`). */
  readonly bandLabel: string;
  /** Every target id in the band, for tooltips and the HTML's release filter. */
  readonly targetIds: readonly string[];
  /** Release names the band covers (lower case). */
  readonly releases: readonly string[];
  readonly width: number;
}

/**
 * Extension point for the contracts (pact, #11): a note per band cell such as "contract
 * verified against <provider>" (the shape of `contractAnnotations` in src/pact). Reports render
 * whatever `ReportViewOptions.contractsFor` returns; nothing is shown when it is not given.
 */
export interface CellContractNote {
  /** The provider the contract was verified against. */
  readonly source: string;
  /** `verified` shows ✓; anything else ✗ (or ? while pending). */
  readonly verdict: string;
  readonly pending?: boolean;
  /** One line shown on hover. */
  readonly text: string;
}

export interface CellView {
  readonly outcome: Outcome | null;
  readonly glyph: string;
  readonly label: string;
  readonly cssClass: string;
  /** Evidence group indices behind this cell (one per distinct explanation in the band). */
  readonly evidence: readonly number[];
  /** Findings behind the band's cells, e.g. `F1 F3`; empty when none. */
  readonly refsText: string;
  readonly findings: readonly string[];
  /** Contract notes for the band's cells (empty unless `contractsFor` is given). */
  readonly contracts: readonly CellContractNote[];
}

export interface RowView {
  readonly scenario: string;
  readonly scenarioTitle: string;
  readonly cells: readonly CellView[];
}

export interface TableView {
  readonly kind: TargetKind;
  readonly title: string;
  readonly note: string;
  readonly columns: readonly ColumnView[];
  readonly rows: readonly RowView[];
  /** How many targets the bands stand for. */
  readonly targetCount: number;
}

export interface ProfileView {
  readonly id: string;
  readonly title: string;
  /** `profile-<id>` with unsafe characters replaced: an HTML id / Markdown anchor hint. */
  readonly anchor: string;
  readonly counts: readonly OutcomeCount[];
  readonly tables: readonly TableView[];
  /** Non-pass evidence groups of this profile, in reference order. */
  readonly issues: readonly EvidenceGroup[];
}

export interface ReportView {
  /** All findings, ranked; `topFindings` are shown in full first, `moreFindings` one line each. */
  readonly findings: readonly FindingView[];
  readonly topFindings: readonly FindingView[];
  readonly moreFindings: readonly FindingView[];
  /** Client release × Nova release, one table per client family (Horizon first). */
  readonly releaseTables: readonly ReleaseTableView[];
  /** The run against the baseline, when the gate ran. */
  readonly diff: DiffView | null;
  readonly title: string;
  readonly generatedAt: string;
  readonly provider: string;
  readonly matrixFile: string;
  readonly mvmatrixVersion: string;
  readonly cellCount: number;
  readonly scenarioCount: number;
  readonly targetCount: number;
  readonly legend: readonly OutcomeLegendEntry[];
  readonly missingGlyph: string;
  readonly counts: readonly OutcomeCount[];
  readonly switches: readonly SwitchNote[];
  readonly profiles: readonly ProfileView[];
  readonly evidence: readonly EvidenceGroup[];
  /** Releases present in the run, oldest first, for the HTML filter. */
  readonly releases: readonly { readonly name: string; readonly title: string }[];
}

const TABLE_TITLES: Readonly<Record<TargetKind, { title: string; note: string }>> = {
  release: {
    title: 'By Nova release',
    note: 'Each release at its own maximum microversion. Neighbouring releases with identical results share a column.',
  },
  microversion: {
    title: 'By maximum microversion',
    note: 'A Nova whose maximum is the given microversion. Consecutive maxima with identical results are collapsed into one band.',
  },
  capped: {
    title: 'Capped releases',
    note: 'A release whose maximum microversion was lowered (`release@cap`).',
  },
};

/** Counts outcomes (by index in `OUTCOMES`), every outcome listed (zeros included) in legend order. */
function outcomeCounts(counts: ArrayLike<number>): OutcomeCount[] {
  return OUTCOME_LEGEND.map((l) => ({ outcome: l.outcome, glyph: l.glyph, label: l.label, cssClass: l.cssClass, count: counts[OUTCOMES.indexOf(l.outcome)] ?? 0 }));
}

/** Counts cells by outcome, every outcome listed (zeros included) in legend order. */
export function countOutcomes(cells: readonly Pick<CellResult, 'outcome'>[]): OutcomeCount[] {
  const counts = new Array<number>(OUTCOMES.length).fill(0);
  for (const cell of cells) counts[OUTCOMES.indexOf(cell.outcome)]!++;
  return outcomeCounts(counts);
}

function anchorFor(id: string): string {
  return `profile-${id.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

function columnFor(kind: TargetKind, band: readonly CellTarget[]): ColumnView {
  const first = band[0]!;
  const last = band[band.length - 1]!;
  const releases = [...new Set(band.map((t) => t.release))];
  const maxRange = formatRange(first.maxMicroversion, last.maxMicroversion);
  let label: string;
  let sublabel: string;
  if (kind === 'release') {
    // Only microversion targets say "max": a release column gives its series, so a band reads
    // the same in the header, the dialog title and the evidence.
    label = formatRange(releaseTitle(first.release), releaseTitle(last.release));
    sublabel = formatRange(releaseSeries(first.release), releaseSeries(last.release));
  } else if (kind === 'microversion') {
    label = maxRange;
    sublabel = `as ${formatRange(releaseTitle(first.release), releaseTitle(last.release))}`;
  } else {
    label = formatRange(first.id, last.id);
    sublabel = `max ${maxRange}`;
  }
  return { label, sublabel, bandLabel: describeTargetRun(kind, first, last), targetIds: band.map((t) => t.id), releases, width: band.length };
}

interface Lookup {
  readonly table: CellTable;
  /** Cell at (profile, scenario, target) by their numbers in the table, or -1. */
  readonly at: (profile: number, scenario: number, target: number) => number;
  /** Table number of each target. */
  readonly targetNumber: ReadonlyMap<string, number>;
  readonly groupOfCell: Int32Array;
  /** Finding ref (`F1`) of each cell that makes a finding, by position. */
  readonly findingOf: readonly (string | undefined)[];
  readonly contractsFor: ((cellIds: readonly string[]) => readonly CellContractNote[]) | undefined;
}

const NO_CONTRACTS: readonly CellContractNote[] = [];

function cellView(band: readonly CellTarget[], profile: number, scenario: number, lookup: Lookup): CellView {
  const found: number[] = [];
  for (const t of band) {
    const i = lookup.at(profile, scenario, lookup.targetNumber.get(t.id)!);
    if (i >= 0) found.push(i);
  }
  const first = found[0];
  if (first === undefined) return { outcome: null, glyph: MISSING_GLYPH, label: 'not run', cssClass: 'o-missing', evidence: [], refsText: '', findings: [], contracts: NO_CONTRACTS };
  const outcome = lookup.table.outcome(first);
  const legend = legendFor(outcome);
  const evidence = [...new Set(found.map((i) => lookup.groupOfCell[i]!))].sort((a, b) => a - b);
  const findings = [...new Set(found.map((i) => lookup.findingOf[i]).filter((f): f is string => f !== undefined))];
  return {
    outcome,
    glyph: legend.glyph,
    label: legend.label,
    cssClass: legend.cssClass,
    evidence,
    refsText: findings.join(' '),
    findings,
    contracts: lookup.contractsFor ? lookup.contractsFor(found.map((i) => lookup.table.id(i))) : NO_CONTRACTS,
  };
}

function tableFor(kind: TargetKind, targets: readonly CellTarget[], profile: number, scenarios: readonly ScenarioSummary[], lookup: Lookup): TableView | undefined {
  const numbers = targets.map((t) => lookup.targetNumber.get(t.id)!);
  const rowsPresent = scenarios.map((s, n) => ({ s, n })).filter(({ n }) => numbers.some((t) => lookup.at(profile, n, t) >= 0));
  if (rowsPresent.length === 0) return undefined;
  const signature = (t: CellTarget): string => {
    const number = lookup.targetNumber.get(t.id)!;
    return rowsPresent
      .map(({ n }) => {
        const i = lookup.at(profile, n, number);
        return i < 0 ? '-' : lookup.table.outcome(i);
      })
      .join(',');
  };
  const bands = collapseBands(targets, signature);
  return {
    kind,
    ...TABLE_TITLES[kind],
    targetCount: targets.length,
    columns: bands.map((band) => columnFor(kind, band)),
    rows: rowsPresent.map(({ s, n }) => ({ scenario: s.id, scenarioTitle: s.title, cells: bands.map((band) => cellView(band, profile, n, lookup)) })),
  };
}

export interface ReportViewOptions {
  /** The gate's verdict: findings count their regressions, and the view carries the diff against the baseline. */
  readonly gate?: GateResult;
  /** Contract notes per band cell (the pact workstream's annotation). */
  readonly contractsFor?: (cellIds: readonly string[]) => readonly CellContractNote[];
}

/** What a report says about the run besides its cells (a result without `cells`). */
export type ReportHead = Pick<MatrixResult, 'metadata' | 'profiles' | 'scenarios'>;

/** Builds the view model the templates render. */
export function buildReportView(result: MatrixResult, options: ReportViewOptions = {}): ReportView {
  // Causes are read for the cells that make findings and, against a baseline, for the cells whose
  // outcome changed (what the diff shows); no other cell's cause is ever asked for.
  return buildReportViewFromTable(result, tableFromResult(result, options.gate), options);
}

/** The findings of a table, ranked, with the position of each finding's cells. */
export function tableFindings(table: CellTable, targets: readonly CellTarget[], gate?: GateResult): { findings: Finding[]; findingOf: (string | undefined)[] } {
  const context = findingContextOf(table.profiles, table.scenarios, targets);
  const inputs: FindingInput[] = [];
  const positionOf = new Map<string, number>();
  for (let i = 0; i < table.count; i++) {
    if (!table.has(i)) continue;
    const cell = lightCell(table, i);
    if (!isFindingCell(cell, context)) continue;
    const record = table.record(i);
    if (!record) throw new Error(`cell ${cell.id} makes a finding but was recorded without its cause`);
    // The record's keys copied, not spread (`...record`): cheaper, once per finding cell.
    inputs.push({ cell, intent: context.scenarios.get(cell.scenario)?.intent, cause: record.cause, effect: record.effect, hostKind: record.hostKind });
    positionOf.set(cell.id, i);
  }
  const findings = rankFindings(groupFindings(inputs, context, gate), context);
  const findingOf = new Array<string | undefined>(table.count);
  for (const finding of findings) for (const id of finding.cellIds) findingOf[positionOf.get(id)!] = finding.ref;
  return { findings, findingOf };
}

/** Cell `i` of a table as the findings and the diff see it. */
function lightCell(table: CellTable, i: number): FindingCell {
  return {
    id: table.id(i),
    profile: table.profiles[table.profile(i)]!.id,
    scenario: table.scenarios[table.scenario(i)]!.id,
    target: table.targets[table.target(i)]!,
    outcome: table.outcome(i),
  };
}

/** The table's cells against the gate's verdict (only changed cells' causes are read). */
function tableDiff(table: CellTable, targets: readonly CellTarget[], gate: GateResult): DiffView {
  const context = findingContextOf(table.profiles, table.scenarios, targets);
  function* cells(): Generator<DiffCell> {
    for (let i = 0; i < table.count; i++) {
      if (!table.has(i)) continue;
      const cell = lightCell(table, i);
      // Its keys copied one by one: a spread (`...cell`) for every cell of the run was most of the diff's time.
      yield {
        id: cell.id, profile: cell.profile, scenario: cell.scenario, target: cell.target, outcome: cell.outcome,
        intent: context.scenarios.get(cell.scenario)?.intent,
        record: () => {
          const record = table.record(i);
          if (!record) throw new Error(`cell ${cell.id} changed against the baseline but was recorded without its cause`);
          return record;
        },
      };
    }
  }
  return buildDiffView(diffCellsAgainstGate(cells(), context, gate));
}

/** Builds the view model from a compact table of the cells and the run's head. */
export function buildReportViewFromTable(head: ReportHead, table: CellTable, options: ReportViewOptions = {}): ReportView {
  const targets = table.orderedTargets();
  const { findings, findingOf } = tableFindings(table, targets, options.gate);
  const { groups, groupOfCell } = buildEvidence(table, targets);
  const grid = cellGrid(table);
  const lookup: Lookup = { table, at: grid.at, targetNumber: new Map(table.targets.map((t, n) => [t.id, n])), groupOfCell, findingOf, contractsFor: options.contractsFor };

  const counts = new Array<number>(OUTCOMES.length).fill(0);
  const countsByProfile = table.profiles.map(() => new Array<number>(OUTCOMES.length).fill(0));
  for (let i = 0; i < table.count; i++) {
    if (!table.has(i)) continue;
    const o = OUTCOMES.indexOf(table.outcome(i));
    counts[o]!++;
    countsByProfile[table.profile(i)]![o]!++;
  }

  const kinds: TargetKind[] = ['release', 'microversion', 'capped'];
  const profileViews = table.profiles
    .map((profile, p): ProfileView => {
      const tables = kinds
        .map((kind) => tableFor(kind, targets.filter((t) => targetKind(t) === kind), p, table.scenarios, lookup))
        .filter((t): t is TableView => t !== undefined);
      return {
        id: profile.id,
        title: profile.title,
        anchor: anchorFor(profile.id),
        counts: outcomeCounts(countsByProfile[p]!),
        tables,
        issues: groups.filter((g) => g.profile === profile.id && g.ref !== null),
      };
    })
    .filter((p) => p.tables.length > 0);

  const releaseNames = [...new Set(targets.map((t) => t.release))];
  const groupOf = (cellIndex: number): number | undefined => (groupOfCell[cellIndex] === -1 ? undefined : groupOfCell[cellIndex]);
  const positionOfSample = new Map<string, number>();
  for (const f of findings) positionOfSample.set(f.sampleCellId, -1);
  for (let i = 0; i < table.count; i++) if (table.has(i) && positionOfSample.has(table.id(i))) positionOfSample.set(table.id(i), i);
  const findingViews = findings.map((f) => ({ ...findingView(f), evidence: groupOf(positionOfSample.get(f.sampleCellId)!) ?? null }));
  return {
    findings: findingViews,
    topFindings: findingViews.slice(0, TOP_FINDINGS),
    moreFindings: findingViews.slice(TOP_FINDINGS),
    releaseTables: buildReleaseTables(head, table, targets, findingOf, groupOf),
    diff: options.gate ? tableDiff(table, targets, options.gate) : null,
    title: 'Nova live-migration compatibility matrix',
    generatedAt: head.metadata.finishedAt,
    provider: head.metadata.provider,
    matrixFile: head.metadata.matrixFile,
    mvmatrixVersion: head.metadata.mvmatrixVersion,
    cellCount: table.cellCount,
    scenarioCount: table.scenarios.length,
    targetCount: targets.length,
    legend: OUTCOME_LEGEND,
    missingGlyph: MISSING_GLYPH,
    counts: outcomeCounts(counts),
    switches: LIVE_MIGRATION_SWITCHES,
    profiles: profileViews,
    evidence: groups,
    releases: releaseNames.map((name) => ({ name, title: releaseTitle(name) })),
  };
}
