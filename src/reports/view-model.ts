/**
 * The report view model: everything the templates show, computed once from a
 * `MatrixResult`. Per profile, one table per kind of target (releases, maximum
 * microversions, capped releases) with columns collapsed into bands, plus the evidence
 * groups. Pure: no I/O, no clock.
 */
import { OUTCOMES, type CellResult, type CellTarget, type MatrixResult, type Outcome } from '../matrix/result.js';
import { collapseBands, formatRange } from './band-collapse.js';
import { buildEvidence, type EvidenceGroup } from './evidence-groups.js';
import { LIVE_MIGRATION_SWITCHES, type SwitchNote } from './microversion-switches.js';
import { MISSING_GLYPH, OUTCOME_LEGEND, legendFor, type OutcomeLegendEntry } from './outcome-legend.js';
import { compareTargets, releaseSeries, releaseTitle, targetKind, type TargetKind } from './target-columns.js';

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
  /** Every target id in the band, for tooltips and the HTML's release filter. */
  readonly targetIds: readonly string[];
  /** Release names the band covers (lower case). */
  readonly releases: readonly string[];
  readonly width: number;
}

export interface CellView {
  readonly outcome: Outcome | null;
  readonly glyph: string;
  readonly label: string;
  readonly cssClass: string;
  /** Evidence group indices behind this cell (one per distinct explanation in the band). */
  readonly evidence: readonly number[];
  /** Markdown reference numbers of the non-pass groups, e.g. `3, 4`; empty for pass. */
  readonly refsText: string;
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
  readonly title: string;
  readonly generatedAt: string;
  readonly provider: string;
  readonly matrixFile: string;
  readonly mvmatrixVersion: string;
  readonly cellCount: number;
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
    label = formatRange(releaseTitle(first.release), releaseTitle(last.release));
    const series = formatRange(releaseSeries(first.release), releaseSeries(last.release));
    sublabel = series ? `${series} · max ${maxRange}` : `max ${maxRange}`;
  } else if (kind === 'microversion') {
    label = maxRange;
    sublabel = `as ${formatRange(releaseTitle(first.release), releaseTitle(last.release))}`;
  } else {
    label = formatRange(first.id, last.id);
    sublabel = `max ${maxRange}`;
  }
  return { label, sublabel, targetIds: band.map((t) => t.id), releases, width: band.length };
}

interface Lookup {
  readonly cell: (profile: string, scenario: string, target: string) => CellResult | undefined;
  readonly groupOfCell: ReadonlyMap<string, number>;
  readonly groups: readonly EvidenceGroup[];
}

function cellView(band: readonly CellTarget[], profile: string, scenario: string, lookup: Lookup): CellView {
  const found = band.map((t) => lookup.cell(profile, scenario, t.id)).filter((c): c is CellResult => c !== undefined);
  const first = found[0];
  if (!first) return { outcome: null, glyph: MISSING_GLYPH, label: 'not run', cssClass: 'o-missing', evidence: [], refsText: '' };
  const legend = legendFor(first.outcome);
  const evidence = [...new Set(found.map((c) => lookup.groupOfCell.get(c.id)!))].sort((a, b) => a - b);
  const refs = evidence.map((i) => lookup.groups[i]!.ref).filter((r): r is number => r !== null);
  return {
    outcome: first.outcome,
    glyph: legend.glyph,
    label: legend.label,
    cssClass: legend.cssClass,
    evidence,
    refsText: refs.map((r) => `#${r}`).join(' '),
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

/** Targets in the run: the metadata's list, plus any only seen in cells, in column order. */
function orderedTargets(result: MatrixResult): CellTarget[] {
  const byId = new Map<string, CellTarget>();
  for (const t of result.metadata.targets) byId.set(t.id, t);
  for (const c of result.cells) if (!byId.has(c.target.id)) byId.set(c.target.id, c.target);
  return [...byId.values()].sort(compareTargets);
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

/** Builds the view model the templates render. */
export function buildReportView(result: MatrixResult): ReportView {
  const targets = orderedTargets(result);
  const profiles = withUnlisted(result.profiles, result.cells.map((c) => c.profile));
  const scenarios = withUnlisted(result.scenarios, result.cells.map((c) => c.scenario));
  const byKey = new Map<string, CellResult>();
  for (const cell of result.cells) byKey.set(`${cell.profile}\u0000${cell.scenario}\u0000${cell.target.id}`, cell);
  const { groups, groupOfCell } = buildEvidence(result.cells, targets, profiles, scenarios);
  const lookup: Lookup = { cell: (p, s, t) => byKey.get(`${p}\u0000${s}\u0000${t}`), groupOfCell, groups };

  const kinds: TargetKind[] = ['release', 'microversion', 'capped'];
  const profileViews = profiles
    .map((profile): ProfileView => {
      const cells = result.cells.filter((c) => c.profile === profile.id);
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
  return {
    title: 'Nova live-migration compatibility matrix',
    generatedAt: result.metadata.finishedAt,
    provider: result.metadata.provider,
    matrixFile: result.metadata.matrixFile,
    mvmatrixVersion: result.metadata.mvmatrixVersion,
    cellCount: result.cells.length,
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
