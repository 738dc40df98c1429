/**
 * The report view model: everything the templates show, computed once from a
 * `MatrixResult`. First the findings and the release tables; then per profile, one table per
 * kind of target (releases, maximum microversions, capped releases) with columns collapsed
 * into bands, plus the evidence groups. Pure: no I/O, no clock.
 */
import { buildFindings, orderedTargets } from '../findings/build.js';
import { diffAgainstGate } from '../findings/diff.js';
import type { Finding } from '../findings/finding.js';
import { describeTargetRun } from '../findings/targets.js';
import type { GateResult } from '../matrix/gate.js';
import { OUTCOMES, type CellResult, type CellTarget, type MatrixResult, type Outcome } from '../matrix/result.js';
import { collapseBands, formatRange } from './band-collapse.js';
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

/** Counts cells by outcome, every outcome listed (zeros included) in legend order. */
export function countOutcomes(cells: readonly CellResult[]): OutcomeCount[] {
  const counts = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  for (const cell of cells) counts.set(cell.outcome, (counts.get(cell.outcome) ?? 0) + 1);
  return OUTCOME_LEGEND.map((l) => ({ outcome: l.outcome, glyph: l.glyph, label: l.label, cssClass: l.cssClass, count: counts.get(l.outcome) ?? 0 }));
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
  readonly cell: (profile: string, scenario: string, target: string) => CellResult | undefined;
  readonly groupOfCell: ReadonlyMap<string, number>;
  readonly groups: readonly EvidenceGroup[];
  /** Finding ref (`F1`) of each cell that makes a finding. */
  readonly findingOf: ReadonlyMap<string, string>;
  readonly contractsFor: ((cellIds: readonly string[]) => readonly CellContractNote[]) | undefined;
}

const NO_CONTRACTS: readonly CellContractNote[] = [];

function cellView(band: readonly CellTarget[], profile: string, scenario: string, lookup: Lookup): CellView {
  const found = band.map((t) => lookup.cell(profile, scenario, t.id)).filter((c): c is CellResult => c !== undefined);
  const first = found[0];
  if (!first) return { outcome: null, glyph: MISSING_GLYPH, label: 'not run', cssClass: 'o-missing', evidence: [], refsText: '', findings: [], contracts: NO_CONTRACTS };
  const legend = legendFor(first.outcome);
  const evidence = [...new Set(found.map((c) => lookup.groupOfCell.get(c.id)!))].sort((a, b) => a - b);
  const findings = [...new Set(found.map((c) => lookup.findingOf.get(c.id)).filter((f): f is string => f !== undefined))];
  return {
    outcome: first.outcome,
    glyph: legend.glyph,
    label: legend.label,
    cssClass: legend.cssClass,
    evidence,
    refsText: findings.join(' '),
    findings,
    contracts: lookup.contractsFor ? lookup.contractsFor(found.map((c) => c.id)) : NO_CONTRACTS,
  };
}

function tableFor(
  kind: TargetKind,
  targets: readonly CellTarget[],
  profile: string,
  scenarios: readonly { id: string; title: string }[],
  lookup: Lookup,
): TableView | undefined {
  const rowsPresent = scenarios.filter((s) => targets.some((t) => lookup.cell(profile, s.id, t.id)));
  if (rowsPresent.length === 0) return undefined;
  const signature = (t: CellTarget): string => rowsPresent.map((s) => lookup.cell(profile, s.id, t.id)?.outcome ?? '-').join(',');
  const bands = collapseBands(targets, signature);
  return {
    kind,
    ...TABLE_TITLES[kind],
    targetCount: targets.length,
    columns: bands.map((band) => columnFor(kind, band)),
    rows: rowsPresent.map((s) => ({ scenario: s.id, scenarioTitle: s.title, cells: bands.map((band) => cellView(band, profile, s.id, lookup)) })),
  };
}

function withUnlisted(listed: readonly { id: string; title: string }[], seen: Iterable<string>): { id: string; title: string }[] {
  const out = [...listed];
  const known = new Set(listed.map((x) => x.id));
  for (const id of seen) {
    if (!known.has(id)) {
      known.add(id);
      out.push({ id, title: id });
    }
  }
  return out;
}

export interface ReportViewOptions {
  /** The gate's verdict: findings count their regressions, and the view carries the diff against the baseline. */
  readonly gate?: GateResult;
  /** Findings already built for this result (they are otherwise built here). */
  readonly findings?: readonly Finding[];
  /** Contract notes per band cell (the pact workstream's annotation). */
  readonly contractsFor?: (cellIds: readonly string[]) => readonly CellContractNote[];
}

/** Builds the view model the templates render. */
export function buildReportView(result: MatrixResult, options: ReportViewOptions = {}): ReportView {
  const targets = orderedTargets(result);
  const findings = options.findings ?? buildFindings(result, options.gate ? { gate: options.gate } : {});
  const findingOf = new Map<string, string>();
  for (const finding of findings) for (const id of finding.cellIds) findingOf.set(id, finding.ref);
  const profiles = withUnlisted(result.profiles, result.cells.map((c) => c.profile));
  const scenarios = withUnlisted(result.scenarios, result.cells.map((c) => c.scenario));
  const byKey = new Map<string, CellResult>();
  const cellsByProfile = new Map<string, CellResult[]>();
  for (const cell of result.cells) {
    byKey.set(`${cell.profile}\u0000${cell.scenario}\u0000${cell.target.id}`, cell);
    const list = cellsByProfile.get(cell.profile);
    if (list) list.push(cell);
    else cellsByProfile.set(cell.profile, [cell]);
  }
  const { groups, groupOfCell } = buildEvidence(result.cells, targets, profiles, scenarios);
  const lookup: Lookup = { cell: (p, s, t) => byKey.get(`${p}\u0000${s}\u0000${t}`), groupOfCell, groups, findingOf, contractsFor: options.contractsFor };

  const kinds: TargetKind[] = ['release', 'microversion', 'capped'];
  const profileViews = profiles
    .map((profile): ProfileView => {
      const cells = cellsByProfile.get(profile.id) ?? [];
      const tables = kinds
        .map((kind) => tableFor(kind, targets.filter((t) => targetKind(t) === kind), profile.id, scenarios, lookup))
        .filter((t): t is TableView => t !== undefined);
      return {
        id: profile.id,
        title: profile.title,
        anchor: anchorFor(profile.id),
        counts: countOutcomes(cells),
        tables,
        issues: groups.filter((g) => g.profile === profile.id && g.ref !== null),
      };
    })
    .filter((p) => p.tables.length > 0);

  const releaseNames = [...new Set(targets.map((t) => t.release))];
  const findingViews = findings.map((f) => ({ ...findingView(f), evidence: groupOfCell.get(f.sampleCellId) ?? null }));
  return {
    findings: findingViews,
    topFindings: findingViews.slice(0, TOP_FINDINGS),
    moreFindings: findingViews.slice(TOP_FINDINGS),
    releaseTables: buildReleaseTables(result, targets, findings, (id) => groupOfCell.get(id)),
    diff: options.gate ? buildDiffView(diffAgainstGate(result, options.gate)) : null,
    title: 'Nova live-migration compatibility matrix',
    generatedAt: result.metadata.finishedAt,
    provider: result.metadata.provider,
    matrixFile: result.metadata.matrixFile,
    mvmatrixVersion: result.metadata.mvmatrixVersion,
    cellCount: result.cells.length,
    scenarioCount: scenarios.length,
    targetCount: targets.length,
    legend: OUTCOME_LEGEND,
    missingGlyph: MISSING_GLYPH,
    counts: countOutcomes(result.cells),
    switches: LIVE_MIGRATION_SWITCHES,
    profiles: profileViews,
    evidence: groups,
    releases: releaseNames.map((name) => ({ name, title: releaseTitle(name) })),
  };
}
