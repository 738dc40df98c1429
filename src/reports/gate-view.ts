/**
 * What the reports show of the CI gate's verdict (`src/matrix/gate.ts`): the gate compares
 * against the baseline; this file only reshapes its answer for the step summary and the
 * annotations. Pure.
 */
import type { GateChange, GateResult } from '../matrix/gate.js';
import type { Outcome } from '../matrix/result.js';

export interface GateChangeView {
  readonly id: string;
  readonly profile: string;
  readonly scenario: string;
  readonly target: string;
  readonly before: Outcome | null;
  readonly after: Outcome | null;
  readonly explanation: string;
}

export interface GateView {
  readonly passed: boolean;
  readonly verdict: string;
  readonly regressions: readonly GateChangeView[];
  readonly improvements: readonly GateChangeView[];
  readonly allowListed: readonly GateChangeView[];
  readonly expired: readonly GateChangeView[];
}

function split(id: string): { profile: string; scenario: string; target: string } {
  const [profile = '', scenario = '', target = ''] = id.split('|');
  return { profile, scenario, target };
}

function toChange(change: GateChange, suffix = ''): GateChangeView {
  return { id: change.id, ...split(change.id), before: change.before, after: change.after, explanation: `${change.explanation}${suffix}` };
}

/** Normalises the gate's answer for the templates. */
export function buildGateView(gate: GateResult): GateView {
  const n = gate.regressions.length;
  const e = gate.expired.length;
  const reasons = [n > 0 ? `${n} regression${n === 1 ? '' : 's'}` : '', e > 0 ? `${e} expired allow-list entr${e === 1 ? 'y' : 'ies'}` : ''].filter(Boolean);
  return {
    passed: gate.passed,
    verdict: gate.passed ? 'passed' : `failed: ${reasons.join(', ') || 'see the log'}`,
    regressions: gate.regressions.map((c) => toChange(c)),
    improvements: gate.improvements.map((c) => toChange(c)),
    allowListed: gate.allowlisted.map((c) => toChange(c, ` (allow-listed until ${c.expires}: ${c.reason})`)),
    expired: gate.expired.map((entry) => ({
      id: entry.cell,
      ...split(entry.cell),
      before: null,
      after: entry.outcome ?? null,
      explanation: `allow-list entry expired on ${entry.expires}: ${entry.reason}`,
    })),
  };
}
