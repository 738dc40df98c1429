/**
 * `reports/conformance.md`: one section per real Nova release — agreement per band, per real
 * status and per group, the allow-listed differences with counts, and every unlisted
 * difference. A run is first reduced to a {@link ReleaseSummary} (JSON, kept per release in
 * `reports/conformance/<release>.json`, so runs of different releases — on different
 * machines — make one report), and the default matrix's cells of each release compared from its
 * cassette to a {@link MatrixSummary} (`<release>.matrix.json`). Deterministic for a given corpus and pair of implementations
 * (no timestamps). Pure.
 */
import type { AllowList, HarnessMode } from './allowlist.js';
import type { CaseResult, DifferentialRun } from './differential.js';
import { unlistedDifferences } from './differential.js';
import type { MatrixComparison } from './matrix-differential.js';

export interface Tally {
  readonly cases: number;
  readonly agree: number;
  readonly allowed: number;
  readonly unlisted: number;
}

/** Everything a release's section shows. */
export interface ReleaseSummary {
  readonly release: string;
  readonly maxMicroversion: string;
  /** The real side's harness mode; absent: `api-only`. */
  readonly mode?: HarnessMode;
  readonly realDescription: string;
  readonly emulatorDescription: string;
  readonly total: Tally;
  readonly bands: Readonly<Record<string, Tally>>;
  readonly statuses: Readonly<Record<string, Tally>>;
  readonly groups: Readonly<Record<string, Tally>>;
  readonly allowListed: ReadonlyArray<{ readonly id: string; readonly cases: number; readonly reason: string }>;
  /** Markdown lines describing each unlisted difference (at most 300). */
  readonly unlisted: readonly string[];
  /** Full mode asked for, but the release's test tree cannot run it: why (no cases ran). */
  readonly fullUnavailable?: string;
  /** Stateful runs (full mode): agreement per matrix scenario. */
  readonly scenarios?: Readonly<Record<string, Tally>>;
  /** Stateful runs (full mode): live-migration records the real control plane produced, by status. */
  readonly records?: Readonly<Record<string, number>>;
  /**
   * Full mode: the default matrix's cells of this release run on the real control plane and on
   * the emulator; per outcome class (the emulator's verdict), cells and cells with the same real verdict.
   */
  readonly verdicts?: Readonly<Record<string, { readonly cells: number; readonly agree: number }>>;
  /** The client profiles of those matrix cells when not the matrix's own (a subset, as `run --profile`). */
  readonly verdictProfiles?: readonly string[];
}

export function tally<R extends CaseResult>(results: readonly R[], key: (r: R) => string): Record<string, Tally> {
  const out: Record<string, { cases: number; agree: number; allowed: number; unlisted: number }> = {};
  for (const r of results) {
    const t = (out[key(r)] ??= { cases: 0, agree: 0, allowed: 0, unlisted: 0 });
    t.cases++;
    if (r.differences.length === 0) t.agree++;
    else if (r.allowedBy) t.allowed++;
    else t.unlisted++;
  }
  return out;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, '\\n');

/** The section data of one run. */
export function summarizeRun(run: DifferentialRun, allowList: AllowList, mode: HarnessMode = 'api-only'): ReleaseSummary {
  const results = run.results;
  const unlisted = unlistedDifferences(run);
  const byEntry = new Map<string, number>();
  for (const r of results) if (r.allowedBy) byEntry.set(r.allowedBy, (byEntry.get(r.allowedBy) ?? 0) + 1);
  const lines: string[] = [];
  for (const r of unlisted.slice(0, 300)) {
    const c = r.case;
    lines.push(`- \`${c.id}\` [${c.group}] ${cell(c.summary)} — \`${c.method} ${c.path}\` headers \`${JSON.stringify(c.headers)}\`${c.body === undefined ? '' : ` body \`${cell(c.body.slice(0, 300))}\``}`);
    for (const d of r.differences) lines.push(`  - ${d.aspect}: real \`${cell(d.real)}\` / emulator \`${cell(d.emulator)}\``);
  }
  if (unlisted.length > 300) lines.push(`- … and ${unlisted.length - 300} more`);
  return {
    release: run.release,
    maxMicroversion: run.maxMicroversion,
    ...(mode === 'api-only' ? {} : { mode }),
    realDescription: run.realDescription,
    emulatorDescription: run.emulatorDescription,
    total: tally(results, () => 'all')['all'] ?? { cases: 0, agree: 0, allowed: 0, unlisted: 0 },
    bands: tally(results, (r) => r.band),
    statuses: tally(results, (r) => String(r.real.status)),
    groups: tally(results, (r) => r.case.group),
    allowListed: allowList.entries
      .filter((e) => e.releases.includes(run.release) && e.group !== 'matrix' && (e.mode ?? mode) === mode)
      .map((e) => ({ id: e.id, cases: byEntry.get(e.id) ?? 0, reason: e.reason.trim() })),
    unlisted: lines,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}

function table(title: string, rows: Readonly<Record<string, Tally>>): string {
  const lines = [`#### ${title}`, '', '| | cases | agree | allow-listed | unlisted | agreement (excl. allow-listed) |', '|---|---:|---:|---:|---:|---:|'];
  for (const k of Object.keys(rows).sort()) {
    const t = rows[k]!;
    lines.push(`| ${k} | ${t.cases} | ${t.agree} | ${t.allowed} | ${t.unlisted} | ${percent(t.agree, t.cases - t.allowed)} |`);
  }
  return lines.join('\n');
}

const title = (release: string): string => release[0]!.toUpperCase() + release.slice(1);

/** `<cells with the emulator's verdict> / <cells> same verdict` over every outcome class. */
function sameVerdicts(verdicts: NonNullable<ReleaseSummary['verdicts']>): string {
  const all = Object.values(verdicts).reduce((t, v) => ({ cells: t.cells + v.cells, agree: t.agree + v.agree }), { cells: 0, agree: 0 });
  return `${all.agree} / ${all.cells} same verdict`;
}

function verdictTable(verdicts: NonNullable<ReleaseSummary['verdicts']>, profiles?: readonly string[]): string {
  const lines = [
    '#### Matrix verdicts: `run --provider real-nova --full` vs the emulator, per outcome class',
    '',
    ...(profiles ? [`Client profiles: ${profiles.map((p) => `\`${p}\``).join(', ')} (the matrix's scenarios for these profiles only).`, ''] : []),
    '| emulator outcome | cells | same real outcome | agreement |',
    '|---|---:|---:|---:|',
  ];
  const total = { cells: 0, agree: 0 };
  for (const k of Object.keys(verdicts).sort()) {
    const v = verdicts[k]!;
    total.cells += v.cells;
    total.agree += v.agree;
    lines.push(`| ${k} | ${v.cells} | ${v.agree} | ${percent(v.agree, v.cells)} |`);
  }
  lines.push(`| all | ${total.cells} | ${total.agree} | ${percent(total.agree, total.cells)} |`);
  return lines.join('\n');
}

/** `API only` or `full control plane`. */
const modeTitle = (s: ReleaseSummary): string =>
  s.fullUnavailable !== undefined ? 'full control plane unavailable: API only' : s.mode === 'full' ? 'full control plane' : 'API only';

/** The default matrix's cells of one release, real (replayed cassette) vs emulator. */
export interface MatrixSummary {
  readonly release: string;
  readonly cassette: string;
  readonly cells: Tally;
  /** Allow-list entry id → cells. */
  readonly allowListed: Readonly<Record<string, number>>;
}

/** The tally of a matrix comparison. */
export function summarizeMatrix(comparison: MatrixComparison, cassette: string): MatrixSummary {
  const allowListed: Record<string, number> = {};
  let agree = 0;
  let allowed = 0;
  let unlisted = 0;
  for (const c of comparison.cells) {
    if (c.differences.length === 0) agree++;
    else if (c.allowedBy) {
      allowed++;
      allowListed[c.allowedBy] = (allowListed[c.allowedBy] ?? 0) + 1;
    } else unlisted++;
  }
  return { release: comparison.release, cassette, cells: { cases: comparison.cells.length, agree, allowed, unlisted }, allowListed };
}

function matrixLines(m: MatrixSummary | undefined): string[] {
  if (!m) return [];
  const t = m.cells;
  const entries = Object.entries(m.allowListed).map(([id, n]) => `\`${id}\` ${n}`).join(', ');
  return [
    `- Default matrix's request set (\`${m.cassette}\` replayed, \`test/conformance/real-nova-matrix.test.ts\`): **${t.cases}** cells — agree exactly: **${t.agree}**, allow-listed: **${t.allowed}**${entries ? ` (${entries})` : ''}, unlisted: **${t.unlisted}**`,
  ];
}

function section(s: ReleaseSummary, matrix: MatrixSummary | undefined): string[] {
  const t = s.total;
  return [
    `## ${title(s.release)} (max ${s.maxMicroversion}), ${modeTitle(s)}`,
    '',
    `- Real: ${s.realDescription}`,
    `- Emulator: ${s.emulatorDescription}`,
    `- Cases: **${t.cases}** — agree exactly: **${t.agree}**, allow-listed: **${t.allowed}**, unlisted differences: **${t.unlisted}**`,
    `- Agreement on everything not allow-listed: **${percent(t.agree, t.cases - t.allowed)}**`,
    ...(s.fullUnavailable !== undefined ? [`- **The full control plane cannot run on this release**: ${cell(s.fullUnavailable)}. Only the API-only section above applies.`] : []),
    ...(s.mode === 'full' ? [] : matrixLines(matrix)),
    '',
    table('Per band (microversion the real Nova executed)', s.bands),
    '',
    table('Per real status', s.statuses),
    '',
    table('Per corpus group', s.groups),
    '',
    ...(s.scenarios ? [table('Per matrix scenario (stateful cases, settled and read back)', s.scenarios), ''] : []),
    ...(s.records ? [`Live-migration records the real control plane produced: ${Object.entries(s.records).map(([k, n]) => `${k} ${n}`).join(', ')}.`, ''] : []),
    ...(s.verdicts ? [verdictTable(s.verdicts, s.verdictProfiles), ''] : []),
    '#### Allow-listed differences',
    '',
    '| entry | cases | reason |',
    '|---|---:|---|',
    ...s.allowListed.map((a) => `| \`${a.id}\` | ${a.cases} | ${cell(a.reason)} |`),
    '',
    `#### Unlisted differences (${t.unlisted}; must be empty)`,
    '',
    ...(s.unlisted.length === 0 ? ['None.'] : s.unlisted),
    '',
  ];
}

/** The report: an overview table, then one section per release (in the order given). */
export function renderConformanceReport(summaries: readonly ReleaseSummary[], matrices: readonly MatrixSummary[] = []): string {
  const matrixOf = (release: string): MatrixSummary | undefined => matrices.find((m) => m.release === release);
  return [
    '# Differential conformance: emulator vs real Nova, per release',
    '',
    'Generated by `test/conformance/differential.test.ts` and `test/conformance/real-nova-matrix.test.ts`',
    '(do not edit; one summary per release in `reports/conformance/<release>.json` and',
    '`<release>.matrix.json`). For each real Nova Debian ships, the same seeded corpus (at',
    "that release's microversions) is sent to the real Nova and to the emulator started as that release,",
    'and compared on status, fault key/code/message, microversion response headers, content type and 2xx',
    'bodies: version documents, migration lists (modulo hrefs, server UUIDs of fresh servers, migration ids',
    'and timestamps). Corpus: `src/conformance/corpus/corpus.ts`; allow-list (every entry names its releases and',
    'a reason): `contracts/conformance-allowlist.yaml`; how the real Novas run: `docs/real-nova.md`.',
    'Rows in mode "full control plane" come from `test/conformance/stateful-differential.test.ts`',
    '(`scripts/ci/real-nova-full.sh`): the whole real control plane, every default-matrix scenario at',
    'every band edge, migrations settled and read back (`docs/real-nova-full.md`); their matrix column is',
    'the default matrix run with `--full`: cells whose real verdict equals the emulator\'s / cells.',
    '',
    '| release | max | mode | real Nova | cases | agree | allow-listed | unlisted | agreement (excl. allow-listed) | matrix cells: agree / allow-listed / unlisted |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---|',
    ...summaries.map((s) => {
      const m = s.mode === 'full' ? undefined : matrixOf(s.release)?.cells;
      const matrixCell = m ? `${m.agree} / ${m.allowed} / ${m.unlisted}` : s.verdicts ? sameVerdicts(s.verdicts) : '–';
      return `| ${title(s.release)} | ${s.maxMicroversion} | ${modeTitle(s)} | ${cell(s.realDescription)} | ${s.total.cases} | ${s.total.agree} | ${s.total.allowed} | ${s.total.unlisted} | ${percent(s.total.agree, s.total.cases - s.total.allowed)} | ${matrixCell} |`;
    }),
    '',
    ...summaries.flatMap((s) => section(s, matrixOf(s.release))),
  ].join('\n');
}
