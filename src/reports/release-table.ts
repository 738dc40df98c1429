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
import type { CellResult, CellTarget, MatrixResult, Outcome, ProfileSummary, ScenarioSummary } from '../matrix/result.js';
import { collapseBands } from './band-collapse.js';
import { countsAgainstUser, type Finding } from '../findings/finding.js';
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
  readonly worst: CellResult | null;
  readonly failing: number;
  readonly scenarios: number;
}

function summarise(cells: readonly CellResult[], negative: (scenario: string) => boolean, scenarioRank: ReadonlyMap<string, number>): CellSummary {
  if (cells.length === 0) return { outcome: null, worst: null, failing: 0, scenarios: 0 };
  let worst: CellResult | null = null;
  let failing = 0;
  const severity = (o: Outcome): number => RELEASE_CELL_SEVERITY.length - RELEASE_CELL_SEVERITY.indexOf(o);
  for (const cell of cells) {
    if (!countsAgainstUser(cell.outcome, negative(cell.scenario))) continue;
    failing++;
    const better = worst === null || severity(cell.outcome) > severity(worst.outcome) ||
      (severity(cell.outcome) === severity(worst.outcome) && (scenarioRank.get(cell.scenario) ?? 0) < (scenarioRank.get(worst.scenario) ?? 0));
    if (better) worst = cell;
  }
  return { outcome: worst ? worst.outcome : 'pass', worst, failing, scenarios: cells.length };
}

function cellView(summary: CellSummary, scenarioTitle: (id: string) => string, findingOf: ReadonlyMap<string, string>, sameScenario: readonly CellResult[], groupOf: (cellId: string) => number | undefined): ReleaseCellView {
  if (summary.outcome === null) {
    return { outcome: null, glyph: MISSING_GLYPH, cssClass: 'o-missing', verdict: 'not run', worstScenario: null, worstScenarioTitle: null, failing: 0, scenarios: 0, findings: [], sampleCellId: null, evidence: [] };
  }
  const legend = legendFor(summary.outcome);
  const worst = summary.worst;
  const findings = [...new Set(sameScenario.map((c) => findingOf.get(c.id)).filter((f): f is string => f !== undefined))];
  return {
    outcome: summary.outcome,
    glyph: legend.glyph,
    cssClass: legend.cssClass,
    verdict: RELEASE_CELL_VERDICTS[summary.outcome],
    worstScenario: worst?.scenario ?? null,
    worstScenarioTitle: worst ? scenarioTitle(worst.scenario) : null,
    failing: summary.failing,
    scenarios: summary.scenarios,
    findings,
    sampleCellId: worst?.id ?? null,
    evidence: [...new Set(sameScenario.map((c) => groupOf(c.id)).filter((g): g is number => g !== undefined))],
  };
}

/** One release table per family present in the run, Horizon first; empty without release targets. */
export function buildReleaseTables(
  result: MatrixResult,
  targets: readonly CellTarget[],
  findings: readonly Finding[],
  groupOf: (cellId: string) => number | undefined = () => undefined,
): ReleaseTableView[] {
  const releases = targets.filter((t) => targetKind(t) === 'release');
  if (releases.length === 0) return [];
  const scenarios = new Map<string, ScenarioSummary>(result.scenarios.map((s) => [s.id, s]));
  const scenarioRank = new Map(result.scenarios.map((s, i) => [s.id, i]));
  const negative = (id: string): boolean => scenarios.get(id)?.expect?.error !== undefined;
  const scenarioTitle = (id: string): string => scenarios.get(id)?.title ?? id;
  const findingOf = new Map<string, string>();
  for (const finding of findings) for (const id of finding.cellIds) findingOf.set(id, finding.ref);

  // Cells by profile and release target.
  const releaseIds = new Set(releases.map((t) => t.id));
  const byKey = new Map<string, CellResult[]>();
  for (const cell of result.cells) {
    if (!releaseIds.has(cell.target.id)) continue;
    const key = `${cell.profile}\u0000${cell.target.id}`;
    const list = byKey.get(key);
    if (list) list.push(cell);
    else byKey.set(key, [cell]);
  }
  const profiles: ProfileSummary[] = [...result.profiles];
  for (const cell of result.cells) if (!profiles.some((p) => p.id === cell.profile)) profiles.push({ id: cell.profile, title: cell.profile });
  const listed = new Map(profiles.map((p, i) => [p.id, i]));

  const tables = new Map<string, ProfileSummary[]>();
  for (const profile of profiles) {
    if (!releases.some((t) => byKey.has(`${profile.id}\u0000${t.id}`))) continue;
    const table = familyTable(profileFamily(profile));
    tables.set(table, [...(tables.get(table) ?? []), profile]);
  }
  const order = Object.keys(FAMILY_TABLE_TITLES);
  const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...tables.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([id, members]) => {
      const rows = [...members].sort((a, b) => {
        const ownA = profileFamily(a) === id ? 0 : 1;
        const ownB = profileFamily(b) === id ? 0 : 1;
        return ownA - ownB || compareProfilesInFamily(a, b, listed);
      });
      const summaries = rows.map((p) => releases.map((t) => summarise(byKey.get(`${p.id}\u0000${t.id}`) ?? [], negative, scenarioRank)));
      const signature = (i: number): string => summaries.map((row) => `${row[i]!.outcome}|${row[i]!.worst?.scenario}|${row[i]!.failing}/${row[i]!.scenarios}`).join(',');
      const bands = collapseBands(releases.map((_, i) => i), signature);
      return {
        id,
        title: FAMILY_TABLE_TITLES[id] ?? id,
        columns: bands.map((band) => {
          const first = releases[band[0]!]!;
          const last = releases[band[band.length - 1]!]!;
          return {
            label: formatRange(releaseTitle(first.release), releaseTitle(last.release)),
            sublabel: formatRange(releaseSeries(first.release), releaseSeries(last.release)),
            releases: band.map((i) => releases[i]!.release),
            targetIds: band.map((i) => releases[i]!.id),
          };
        }),
        rows: rows.map((profile, r) => ({
          profile: profile.id,
          label: profileFamily(profile) === id && profile.clientVersion ? profile.clientVersion : profileName(profile),
          title: profile.title,
          cells: bands.map((band) => {
            const summary = summaries[r]![band[0]!]!;
            const sameScenario = summary.worst
              ? band.flatMap((i) => (byKey.get(`${profile.id}\u0000${releases[i]!.id}`) ?? []).filter((c) => c.scenario === summary.worst!.scenario))
              : [];
            return cellView(summary, scenarioTitle, findingOf, sameScenario, groupOf);
          }),
        })),
      };
    });
}
