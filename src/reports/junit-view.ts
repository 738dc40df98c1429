/**
 * The JUnit view: one test suite per profile, one test case per cell (classname = profile,
 * name = `scenario @ target`), a failure for drift, rejected and error. Pure.
 */
import type { CellResult, MatrixResult, Outcome } from '../matrix/result.js';
import { legendFor } from './outcome-legend.js';
import { formatRequest, formatResponse } from './evidence-text.js';

const FAILING: ReadonlySet<Outcome> = new Set<Outcome>(['drift', 'rejected', 'error']);

export interface JunitCase {
  readonly classname: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly failure: { readonly type: Outcome; readonly message: string; readonly detail: string } | null;
  readonly systemOut: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly tests: number;
  readonly failures: number;
  readonly cases: readonly JunitCase[];
}

export interface JunitView {
  readonly name: string;
  readonly timestamp: string;
  readonly timeSeconds: string;
  readonly tests: number;
  readonly failures: number;
  readonly suites: readonly JunitSuite[];
}

function caseFor(cell: CellResult): JunitCase {
  const legend = legendFor(cell.outcome);
  const evidence = [
    cell.request ? `Request:\n${formatRequest(cell.request)}` : `Refused by the client: ${cell.refusal ?? ''}`,
    cell.response ? `Response:\n${formatResponse(cell.response)}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    classname: cell.profile,
    name: `${cell.scenario} @ ${cell.target.id}`,
    outcome: cell.outcome,
    failure: FAILING.has(cell.outcome) ? { type: cell.outcome, message: `${legend.label}: ${cell.explanation}`, detail: evidence } : null,
    systemOut: `${legend.label}: ${cell.explanation}`,
  };
}

export function buildJunitView(result: MatrixResult): JunitView {
  const suites = new Map<string, JunitCase[]>();
  for (const p of result.profiles) suites.set(p.id, []);
  for (const cell of result.cells) {
    const list = suites.get(cell.profile) ?? [];
    list.push(caseFor(cell));
    suites.set(cell.profile, list);
  }
  const suiteViews = [...suites.entries()]
    .filter(([, cases]) => cases.length > 0)
    .map(([name, cases]) => ({ name, tests: cases.length, failures: cases.filter((c) => c.failure).length, cases }));
  return {
    name: 'mvmatrix',
    timestamp: result.metadata.startedAt.replace(/Z$|[+-]\d\d:\d\d$/, '').replace(/\.\d+$/, ''),
    timeSeconds: (result.metadata.durationMs / 1000).toFixed(3),
    tests: result.cells.length,
    failures: suiteViews.reduce((n, s) => n + s.failures, 0),
    suites: suiteViews,
  };
}
