/**
 * The release tables: for each client family (Horizon, then each CLI/SDK), one row per client
 * version and one column per Nova release, each cell saying whether the client's live
 * migration works as the user means against that release, with the worst scenario named.
 *
 * A cell's rule (docs/reports.md, "The release tables"): at the release's own maximum
 * microversion, every scenario of the matrix for that profile counts — positive scenarios with
 * any outcome but pass, negative ones only when Nova did not refuse them as expected (drift,
 * rejected, error). The cell shows the worst counted outcome, worst first:
 * drift > error > rejected > degraded > client-refused; none counted is "works". Neighbouring
 * releases whose cells agree on every row share a column. Pure.
 */
import type { CellTarget, MatrixResult, Outcome, ProfileSummary, ScenarioSummary } from '../matrix/result.js';
import { collapseBands } from './band-collapse.js';
import type { CellTable } from './cell-table.js';
import { countsAgainstUser } from '../findings/finding.js';
import { compareProfilesInFamily, familyTable, FAMILY_TABLE_TITLES, profileFamily, profileName } from '../findings/profiles.js';
import { formatRange, releaseSeries, releaseTitle, targetKind } from '../findings/targets.js';
import { legendFor, MISSING_GLYPH } from './outcome-legend.js';
import type { ColumnView } from './view-model.js';

/** Worst first: what silently changes meaning outranks what fails loudly. */
export const RELEASE_CELL_SEVERITY: readonly Outcome[] = ['drift', 'error', 'rejected', 'degraded', 'client-refused'];

/** The words a release cell uses for its worst outcome. */
export const RELEASE_CELL_VERDICTS: Readonly<Record<Outcome, string>> = {
  pass: 'works',
  degraded: 'drops an option',
  'client-refused': 'refuses',
  'expected-error': 'works',
  drift: 'changes meaning',
  rejected: 'fails',
  error: 'error',
};

export interface ReleaseCellView {
  /** The worst counted outcome; `pass` when every scenario works as meant; null when not run. */
  readonly outcome: Outcome | null;
  readonly glyph: string;
  readonly cssClass: string;
  readonly verdict: string;
  /** Title of the first scenario (in matrix order) with the worst outcome. */
  readonly worstScenario: string | null;
  readonly worstScenarioTitle: string | null;
  /** Scenarios that do not work as the user means / scenarios run. */
  readonly failing: number;
  readonly scenarios: number;
  /** Findings (`F1`) behind the worst scenario's cells. */
  readonly findings: readonly string[];
  /** The worst scenario's cell at the first release of the column (for its evidence). */
  readonly sampleCellId: string | null;
  /** Evidence group indices of the sample cell (the HTML opens them on click). */
  readonly evidence: readonly number[];
}

/** A release column: `Newton–Hibiscus` over `2016.2–2026.2`, like a band table's column. */
export type ReleaseColumnView = Pick<ColumnView, 'label' | 'sublabel' | 'releases' | 'targetIds'>;

export interface ReleaseRowView {
  readonly profile: string;
  /** `27.0.0` in a family's own table, else the profile's name. */
  readonly label: string;
  readonly title: string;
  readonly cells: readonly ReleaseCellView[];
}

export interface ReleaseTableView {
  /** `horizon`, `novaclient` …. */
  readonly id: string;
  /** `Horizon`. */
  readonly title: string;
  readonly columns: readonly ReleaseColumnView[];
  readonly rows: readonly ReleaseRowView[];
}

interface CellSummary {
  readonly outcome: Outcome | null;
  /** Position of the worst counted cell, or -1. */
  readonly worst: number;
  readonly failing: number;
  readonly scenarios: number;
}

const NOT_RUN: CellSummary = { outcome: null, worst: -1, failing: 0, scenarios: 0 };
const severity = (o: Outcome): number => RELEASE_CELL_SEVERITY.length - RELEASE_CELL_SEVERITY.indexOf(o);

function summarise(cells: readonly number[], table: CellTable, negative: (scenario: number) => boolean, scenarioRank: (scenario: number) => number): CellSummary {
  if (cells.length === 0) return NOT_RUN;
  let worst = -1;
  let failing = 0;
  for (const i of cells) {
    const outcome = table.outcome(i);
    if (!countsAgainstUser(outcome, negative(table.scenario(i)))) continue;
    failing++;
    const better = worst === -1 || severity(outcome) > severity(table.outcome(worst)) ||
      (severity(outcome) === severity(table.outcome(worst)) && scenarioRank(table.scenario(i)) < scenarioRank(table.scenario(worst)));
    if (better) worst = i;
  }
  return { outcome: worst === -1 ? 'pass' : table.outcome(worst), worst, failing, scenarios: cells.length };
}

function cellView(summary: CellSummary, table: CellTable, scenarioTitle: (scenario: number) => string, findingOf: readonly (string | undefined)[], sameScenario: readonly number[], groupOf: (cell: number) => number | undefined): ReleaseCellView {
  if (summary.outcome === null) {
    return { outcome: null, glyph: MISSING_GLYPH, cssClass: 'o-missing', verdict: 'not run', worstScenario: null, worstScenarioTitle: null, failing: 0, scenarios: 0, findings: [], sampleCellId: null, evidence: [] };
  }
  const legend = legendFor(summary.outcome);
  const worst = summary.worst;
  const findings = [...new Set(sameScenario.map((i) => findingOf[i]).filter((f): f is string => f !== undefined))];
  return {
    outcome: summary.outcome,
    glyph: legend.glyph,
    cssClass: legend.cssClass,
    verdict: RELEASE_CELL_VERDICTS[summary.outcome],
    worstScenario: worst === -1 ? null : table.scenarios[table.scenario(worst)]!.id,
    worstScenarioTitle: worst === -1 ? null : scenarioTitle(table.scenario(worst)),
    failing: summary.failing,
    scenarios: summary.scenarios,
    findings,
    sampleCellId: worst === -1 ? null : table.id(worst),
    evidence: [...new Set(sameScenario.map((i) => groupOf(i)).filter((g): g is number => g !== undefined))],
  };
}

/**
 * One release table per family present in the run, Horizon first; empty without release
 * targets. `findingOf` and `groupOf` give each cell's finding ref and evidence group (by position).
 */
export function buildReleaseTables(
  head: Pick<MatrixResult, 'scenarios'>,
  table: CellTable,
  targets: readonly CellTarget[],
  findingOf: readonly (string | undefined)[],
  groupOf: (cell: number) => number | undefined = () => undefined,
): ReleaseTableView[] {
  const releases = targets.filter((t) => targetKind(t) === 'release');
  if (releases.length === 0) return [];
  // Listed scenarios decide rank, title and whether Nova should refuse; others rank first, by id.
  const listed = new Map<string, ScenarioSummary>(head.scenarios.map((s) => [s.id, s]));
  const listedRank = new Map(head.scenarios.map((s, i) => [s.id, i]));
  const rank = table.scenarios.map((s) => listedRank.get(s.id) ?? 0);
  const negative = table.scenarios.map((s) => listed.get(s.id)?.expect?.error !== undefined);
  const titles = table.scenarios.map((s) => listed.get(s.id)?.title ?? s.id);

  // Cells by profile and release target.
  const releaseNumber = new Map(table.targets.map((t, n) => [t.id, n]));
  const releaseColumn = new Map(releases.map((t, c) => [releaseNumber.get(t.id)!, c]));
  const byKey = table.profiles.map(() => releases.map((): number[] => []));
  for (let i = 0; i < table.count; i++) {
    if (!table.has(i)) continue;
    const column = releaseColumn.get(table.target(i));
    if (column !== undefined) byKey[table.profile(i)]![column]!.push(i);
  }
  const profiles: readonly ProfileSummary[] = table.profiles;
  const listedProfiles = new Map(profiles.map((p, i) => [p.id, i]));

  const tables = new Map<string, number[]>();
  profiles.forEach((profile, p) => {
    if (!byKey[p]!.some((cells) => cells.length > 0)) return;
    const id = familyTable(profileFamily(profile));
    tables.set(id, [...(tables.get(id) ?? []), p]);
  });
  const order = Object.keys(FAMILY_TABLE_TITLES);
  const tableRank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...tables.entries()]
    .sort(([a], [b]) => tableRank(a) - tableRank(b) || a.localeCompare(b))
    .map(([id, members]) => {
      const rows = [...members].sort((a, b) => {
        const ownA = profileFamily(profiles[a]!) === id ? 0 : 1;
        const ownB = profileFamily(profiles[b]!) === id ? 0 : 1;
        return ownA - ownB || compareProfilesInFamily(profiles[a]!, profiles[b]!, listedProfiles);
      });
      const summaries = rows.map((p) => releases.map((_, c) => summarise(byKey[p]![c]!, table, (s) => negative[s]!, (s) => rank[s]!)));
      const signature = (c: number): string =>
        summaries.map((row) => `${row[c]!.outcome}|${row[c]!.worst === -1 ? undefined : table.scenarios[table.scenario(row[c]!.worst)]!.id}|${row[c]!.failing}/${row[c]!.scenarios}`).join(',');
      const bands = collapseBands(releases.map((_, c) => c), signature);
      return {
        id,
        title: FAMILY_TABLE_TITLES[id] ?? id,
        columns: bands.map((band) => {
          const first = releases[band[0]!]!;
          const last = releases[band[band.length - 1]!]!;
          return {
            label: formatRange(releaseTitle(first.release), releaseTitle(last.release)),
            sublabel: formatRange(releaseSeries(first.release), releaseSeries(last.release)),
            releases: band.map((c) => releases[c]!.release),
            targetIds: band.map((c) => releases[c]!.id),
          };
        }),
        rows: rows.map((p, r) => {
          const profile = profiles[p]!;
          return {
            profile: profile.id,
            label: profileFamily(profile) === id && profile.clientVersion ? profile.clientVersion : profileName(profile),
            title: profile.title,
            cells: bands.map((band) => {
              const summary = summaries[r]![band[0]!]!;
              const worstScenario = summary.worst === -1 ? -1 : table.scenario(summary.worst);
              const sameScenario = worstScenario === -1 ? [] : band.flatMap((c) => byKey[p]![c]!.filter((i) => table.scenario(i) === worstScenario));
              return cellView(summary, table, (s) => titles[s]!, findingOf, sameScenario, groupOf);
            }),
          };
        }),
      };
    });
}
