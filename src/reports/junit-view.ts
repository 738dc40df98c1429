/**
 * The JUnit view: one test suite per profile, one test case per cell (classname = profile,
 * name = `scenario @ target`, time = the cell's own duration, status = its outcome).
 *
 * What fails (docs/reports.md, "JUnit"): with a baseline, a case fails only when its cell got
 * worse than the baseline and no allow-list entry accepts it; a cell that does not do what
 * the user means but is known — unchanged or better than the baseline, new, or allow-listed —
 * is `skipped` with the reason; an expired allow-list entry is a failing case of its own.
 * Without a baseline nothing is judged: such cells are `skipped` ("not judged: no baseline").
 * Cells that work as the user means (pass, the expected refusal) pass. Pure.
 */
import { changedCells, type GateChange, type GateResult } from '../matrix/gate.js';
import type { MatrixResult, Outcome } from '../matrix/result.js';
import { countsAgainstUser } from '../findings/finding.js';
import { legendFor } from './outcome-legend.js';
import { tableFromResult, type CellTable } from './cell-table.js';
import type { ReportHead } from './view-model.js';

export interface JunitCase {
  readonly classname: string;
  readonly name: string;
  /** The cell's outcome (`expired` for an expired allow-list entry). */
  readonly status: string;
  /** Seconds, three decimals. */
  readonly time: string;
  readonly failure: { readonly type: string; readonly message: string; readonly detail: string } | null;
  readonly skipped: { readonly message: string } | null;
  readonly systemOut: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
  readonly time: string;
  readonly cases: readonly JunitCase[];
}

export interface JunitView {
  readonly name: string;
  readonly timestamp: string;
  readonly timeSeconds: string;
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
  readonly suites: readonly JunitSuite[];
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

interface Verdicts {
  readonly regressions: ReadonlyMap<string, GateChange>;
  readonly allowlisted: ReadonlyMap<string, { readonly reason: string; readonly expires: string; readonly before: Outcome }>;
  readonly baseline: ReadonlyMap<string, Outcome>;
  readonly added: ReadonlySet<string>;
}

function verdictsOf(gate: GateResult): Verdicts {
  const baseline = new Map<string, Outcome>();
  for (const c of changedCells(gate)) baseline.set(c.id, c.before);
  return {
    regressions: new Map(gate.regressions.map((r) => [r.id, r])),
    allowlisted: new Map(gate.allowlisted.map((a) => [a.id, a])),
    baseline,
    added: new Set(gate.added.map((a) => a.id)),
  };
}

/**
 * Texts many cases share, made once: what a cell said (its outcome's label and explanation) and
 * the skip reasons built from it. The same string object comes back for the same text, so the
 * XML writer's escaping cache finds it without hashing it again.
 */
class SharedTexts {
  private readonly said = new Map<Outcome, Map<string, string>>();
  private readonly reasons = new Map<string, Map<string, string>>();

  saidOf(outcome: Outcome, explanation: string): string {
    let byText = this.said.get(outcome);
    if (!byText) this.said.set(outcome, (byText = new Map()));
    let text = byText.get(explanation);
    if (text === undefined) byText.set(explanation, (text = `${legendFor(outcome).label}: ${explanation}`));
    return text;
  }

  /** `${lead}${said}`, one string per lead and text. */
  reason(lead: string, said: string): string {
    let byLead = this.reasons.get(lead);
    if (!byLead) this.reasons.set(lead, (byLead = new Map()));
    let text = byLead.get(said);
    if (text === undefined) byLead.set(said, (text = `${lead}${said}`));
    return text;
  }
}

/**
 * One case, every case built by this one literal: a case spread from a shared base
 * (`{ ...base, failure, skipped }`) cost most of junit.xml's time, tens of thousands of times.
 */
function junitCase(classname: string, name: string, status: string, time: string, systemOut: string, failure: JunitCase['failure'], skipped: JunitCase['skipped']): JunitCase {
  return { classname, name, status, time, systemOut, failure, skipped };
}

/** Case `i` of the table: its outcome, and against the gate its verdict. */
function caseFor(table: CellTable, i: number, negative: boolean, verdicts: Verdicts | null, texts: SharedTexts): JunitCase {
  const outcome = table.outcome(i);
  const explanation = table.texts[table.explanation(i)]!;
  const said = texts.saidOf(outcome, explanation);
  const profile = table.profiles[table.profile(i)]!.id;
  const name = `${table.scenarios[table.scenario(i)]!.id} @ ${table.targets[table.target(i)]!.id}`;
  const time = seconds(table.durationMs(i));
  const id = verdicts ? table.id(i) : '';
  const regression = verdicts?.regressions.get(id);
  if (regression) {
    const detail = table.detail(i);
    if (detail === undefined) throw new Error(`cell ${id} got worse than the baseline but was recorded without its evidence`);
    return junitCase(profile, name, outcome, time, said, { type: outcome, message: `worse than the baseline (${regression.before} → ${outcome}): ${explanation}`, detail }, null);
  }
  if (!countsAgainstUser(outcome, negative)) return junitCase(profile, name, outcome, time, said, null, null);
  let reason: string;
  const allowed = verdicts?.allowlisted.get(id);
  if (!verdicts) reason = texts.reason('not judged (no baseline given): ', said);
  else if (allowed) reason = `allow-listed until ${allowed.expires} (${allowed.before} → ${outcome}): ${allowed.reason}`;
  else if (verdicts.added.has(id)) reason = texts.reason('new cell, not in the baseline: ', said);
  else reason = texts.reason(`accepted in the baseline as ${verdicts.baseline.get(id) ?? outcome}: `, said);
  return junitCase(profile, name, outcome, time, '', null, { message: reason });
}

/** A suite whose cases may be produced one at a time (what junit-xml.ts writes from). */
export interface JunitSuiteStream extends Omit<JunitSuite, 'cases'> {
  readonly cases: Iterable<JunitCase>;
}

/** A JUnit view whose cases are produced as they are read: counts first, no case kept. */
export interface JunitViewStream extends Omit<JunitView, 'suites'> {
  readonly suites: readonly JunitSuiteStream[];
}

/**
 * The JUnit view of a run with every suite's cases made as they are iterated (a case's texts
 * live only while its lines are written); the counts come from a cheap first pass. Same
 * content as {@link buildJunitView}, which materialises it for templates.
 */
export function junitViewStream(result: MatrixResult, gate?: GateResult): JunitViewStream {
  return junitViewFromTable(result, tableFromResult(result, gate), gate);
}

/**
 * {@link junitViewStream} from the compact table of the cells (what `run` keeps while it
 * streams its cells to disk). The table must have been recorded with the gate's changed cells
 * (`changedCells`) marked as changed: a failing case shows its cell's evidence.
 */
export function junitViewFromTable(head: ReportHead, table: CellTable, gate?: GateResult): JunitViewStream {
  const negativeIds = new Set(head.scenarios.filter((s) => s.expect?.error !== undefined).map((s) => s.id));
  const negative = table.scenarios.map((s) => negativeIds.has(s.id));
  const verdicts = gate ? verdictsOf(gate) : null;
  const texts = new SharedTexts();
  const byProfile: number[][] = table.profiles.map(() => []);
  for (let i = 0; i < table.count; i++) if (table.has(i)) byProfile[table.profile(i)]!.push(i);
  const suiteViews: JunitSuiteStream[] = byProfile
    .map((cells, p) => ({ cells, name: table.profiles[p]!.id }))
    .filter(({ cells }) => cells.length > 0)
    .map(({ cells, name }) => {
      let failures = 0;
      let skipped = 0;
      let time = 0;
      for (const i of cells) {
        // As caseFor decides: a regression fails; else what counts against the user is skipped.
        if (verdicts?.regressions.has(table.id(i))) failures++;
        else if (countsAgainstUser(table.outcome(i), negative[table.scenario(i)]!)) skipped++;
        time += Number(seconds(table.durationMs(i)));
      }
      const cases = {
        *[Symbol.iterator](): Generator<JunitCase> {
          for (const i of cells) yield caseFor(table, i, negative[table.scenario(i)]!, verdicts, texts);
        },
      };
      return { name, tests: cells.length, failures, skipped, time: time.toFixed(3), cases };
    });
  if (gate && gate.expired.length > 0) {
    const cases = gate.expired.map((entry): JunitCase => ({
      classname: 'mvmatrix allow-list',
      name: entry.cell,
      status: 'expired',
      time: '0.000',
      failure: { type: 'expired', message: `allow-list entry expired on ${entry.expires}: ${entry.reason}`, detail: 'renew it with a new date or remove it (matrix/allowlist.yaml)' },
      skipped: null,
      systemOut: '',
    }));
    suiteViews.push({ name: 'mvmatrix allow-list', tests: cases.length, failures: cases.length, skipped: 0, time: '0.000', cases });
  }
  return {
    name: 'mvmatrix',
    timestamp: head.metadata.startedAt.replace(/Z$|[+-]\d\d:\d\d$/, '').replace(/\.\d+$/, ''),
    timeSeconds: (head.metadata.durationMs / 1000).toFixed(3),
    tests: suiteViews.reduce((n, s) => n + s.tests, 0),
    failures: suiteViews.reduce((n, s) => n + s.failures, 0),
    skipped: suiteViews.reduce((n, s) => n + s.skipped, 0),
    suites: suiteViews,
  };
}

/** The JUnit view of a run, judged against the gate's verdict when there is one (every case made). */
export function buildJunitView(result: MatrixResult, gate?: GateResult): JunitView {
  return materialised(junitViewStream(result, gate));
}

/** {@link buildJunitView} from the compact table (recorded as {@link junitViewFromTable} says). */
export function buildJunitViewFromTable(head: ReportHead, table: CellTable, gate?: GateResult): JunitView {
  return materialised(junitViewFromTable(head, table, gate));
}

function materialised(stream: JunitViewStream): JunitView {
  return { ...stream, suites: stream.suites.map((suite) => ({ ...suite, cases: [...suite.cases] })) };
}
