/**
 * The shape of a finding: one thing a reviewer can act on, with the cells behind it. Pure types
 * and the class order (what silently changes meaning comes before what fails loudly).
 */
import type { Outcome, ProfileCode } from '../matrix/result.js';
import type { Cause } from './causes.js';
import type { HostKind } from './cell-facts.js';

/** Finding classes, most important first. */
export const FINDING_CLASSES = ['changed-meaning', 'fails', 'dropped', 'refused'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

/** How each class is called in the reports. */
export const FINDING_CLASS_TITLES: Readonly<Record<FindingClass, string>> = {
  'changed-meaning': 'changes meaning silently',
  fails: 'fails',
  dropped: 'drops an option silently',
  refused: 'refused by the client',
};

/** The class an outcome puts a finding in (expected errors and passes make no finding). */
export const OUTCOME_CLASS: Readonly<Partial<Record<Outcome, FindingClass>>> = {
  drift: 'changed-meaning',
  rejected: 'fails',
  error: 'fails',
  degraded: 'dropped',
  'client-refused': 'refused',
};

/** One effect of a finding: what the user sees, for one host choice and outcome. */
export interface FindingEffect {
  readonly hostKind: HostKind;
  readonly outcome: Outcome;
  readonly text: string;
  readonly cellCount: number;
}

/** The cells of a finding for one scenario and outcome, with their targets condensed. */
export interface FindingScenario {
  readonly scenario: string;
  readonly title: string;
  readonly outcome: Outcome;
  readonly targetsText: string;
  readonly cellCount: number;
}

export interface Finding {
  /** 1-based position in the ranked list. */
  readonly rank: number;
  /** `F1`, `F2` …: how tables and lists point at it. */
  readonly ref: string;
  readonly class: FindingClass;
  /** Profile ids, in the result's order (several when their cells are identical). */
  readonly profiles: readonly string[];
  /** `Horizon 27.0.0` / `horizon-60455e5ff`. */
  readonly who: string;
  readonly cause: Cause;
  /** What the cells' scenarios have in common: `with a named host`; empty if nothing. */
  readonly condition: string;
  /** `on Nova ≥ Newton (max ≥ 2.30)`. */
  readonly where: string;
  /** The whole finding in one sentence. */
  readonly sentence: string;
  /** A short title: `horizon-60455e5ff: Disk Over Commit → \`force: true\``. */
  readonly title: string;
  readonly effects: readonly FindingEffect[];
  readonly scenarios: readonly FindingScenario[];
  /** Cells behind the finding, all profiles together. */
  readonly cellCount: number;
  /** Cells behind the finding for one of its profiles (its breadth). */
  readonly cellsPerProfile: number;
  readonly cellIds: readonly string[];
  /** The cell that shows the finding best: its worst outcome, at a release target if any. */
  readonly sampleCellId: string;
  readonly outcomes: Readonly<Partial<Record<Outcome, number>>>;
  /** The real code the profile reproduces (the client code responsible). */
  readonly code: readonly ProfileCode[];
  /** With a gate verdict: how many of the cells got worse than the baseline (not allow-listed). */
  readonly regressions: number;
}

/**
 * Whether a cell counts against what the user meant: anything but a pass on a positive
 * scenario; on a negative scenario (one that expects Nova to refuse) only drift (accepted),
 * rejected (another refusal) and error — a client refusing first is the refusal the user expects.
 */
export function countsAgainstUser(outcome: Outcome, negative: boolean): boolean {
  if (outcome === 'pass' || outcome === 'expected-error') return false;
  return !negative || outcome === 'drift' || outcome === 'rejected' || outcome === 'error';
}
