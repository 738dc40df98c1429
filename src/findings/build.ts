/**
 * Findings: a matrix result turned into a short ranked list of things a reviewer can act on.
 * Cells are grouped by profile and cause (across bands and scenarios), profiles of one family
 * whose cells are identical share a finding, and the list is ranked: silent changes of meaning
 * before loud failures, then by breadth (cells per profile), then by how bad those cells are.
 * Pure.
 */
import type { GateResult } from '../matrix/gate.js';
import { OUTCOME_RANK, type CellResult, type CellTarget, type MatrixResult, type Outcome, type ProfileSummary, type ScenarioSummary } from '../matrix/result.js';
import { causeOf, OPTIONS, type Cause } from './causes.js';
import { cellFacts, type CellFacts, type HostKind } from './cell-facts.js';
import { effectOf } from './effects.js';
import { countsAgainstUser, FINDING_CLASSES, OUTCOME_CLASS, type Finding, type FindingClass, type FindingEffect, type FindingScenario } from './finding.js';
import { compareProfilesInFamily, isCurrentRelease, newestReleases, profileFamily, profileNames } from './profiles.js';
import { compareTargets, condenseTargets, describeWhere, targetKind } from './targets.js';

/** What the findings need besides the cells: names, intents and the target order. */
export interface FindingContext {
  readonly profiles: ReadonlyMap<string, ProfileSummary>;
  /** Listing order of profiles (ties in rank keep it). */
  readonly profileOrder: ReadonlyMap<string, number>;
  readonly scenarios: ReadonlyMap<string, ScenarioSummary>;
  readonly scenarioOrder: ReadonlyMap<string, number>;
  /** Scenarios that expect Nova to refuse. */
  readonly negative: ReadonlySet<string>;
  readonly targets: readonly CellTarget[];
}

/** One cell ready to be grouped: its facts and cause. */
export interface FindingInput {
  readonly facts: CellFacts;
  readonly cause: Cause;
}

/** Targets in the run: the metadata's list plus any only seen in cells, in column order. */
export function orderedTargets(result: MatrixResult): CellTarget[] {
  const byId = new Map<string, CellTarget>();
  for (const t of result.metadata.targets) byId.set(t.id, t);
  for (const c of result.cells) if (!byId.has(c.target.id)) byId.set(c.target.id, c.target);
  return [...byId.values()].sort(compareTargets);
}

/** The context of a result (profiles and scenarios the cells use but the lists lack get their id as title). */
export function findingContext(result: MatrixResult): FindingContext {
  const profiles = new Map(result.profiles.map((p) => [p.id, p]));
  const scenarios = new Map(result.scenarios.map((s) => [s.id, s]));
  for (const cell of result.cells) {
    if (!profiles.has(cell.profile)) profiles.set(cell.profile, { id: cell.profile, title: cell.profile });
    if (!scenarios.has(cell.scenario)) scenarios.set(cell.scenario, { id: cell.scenario, title: cell.scenario });
  }
  return {
    profiles,
    profileOrder: new Map([...profiles.keys()].map((id, i) => [id, i])),
    scenarios,
    scenarioOrder: new Map([...scenarios.keys()].map((id, i) => [id, i])),
    negative: new Set([...scenarios.values()].filter((s) => s.expect?.error !== undefined).map((s) => s.id)),
    targets: orderedTargets(result),
  };
}

/** Whether a cell makes a finding: it did not do what the user meant (see {@link countsAgainstUser}). */
export function isFindingCell(cell: CellResult, context: FindingContext): boolean {
  if (cell.outcome === 'pass' || cell.outcome === 'expected-error') return false;
  return countsAgainstUser(cell.outcome, context.negative.has(cell.scenario));
}

/** The cells of a result that make findings, with their causes. */
export function findingInputs(cells: Iterable<CellResult>, context: FindingContext): FindingInput[] {
  const inputs: FindingInput[] = [];
  for (const cell of cells) {
    if (!isFindingCell(cell, context)) continue;
    const facts = cellFacts(cell, context.scenarios);
    inputs.push({ facts, cause: causeOf(facts) });
  }
  return inputs;
}

const HOST_WORDS: Readonly<Record<HostKind, string>> = { named: 'named host', auto: 'automatic host' };

/** What every cell's scenario asked for, in words, leaving out options the cause already names. */
function commonCondition(facts: readonly CellFacts[], what: string): string {
  const intents = facts.map((f) => f.intent);
  if (intents.some((i) => i === undefined)) return '';
  const all = <K extends keyof NonNullable<(typeof intents)[number]>>(key: K, value: unknown): boolean => intents.every((i) => i![key] === value);
  const parts: string[] = [];
  if (all('host', 'named') && !what.includes('named host')) parts.push('a named host');
  else if (all('host', 'auto')) parts.push('the host left to the scheduler');
  for (const option of OPTIONS) {
    if (what.includes(option.label)) continue;
    if (all(option.intent, true)) parts.push(`${option.label} ticked`);
    else if (all(option.intent, 'default')) parts.push(`${option.label} left alone`);
    else if (all(option.intent, 'auto')) parts.push(`${option.label} "auto"`);
  }
  return parts.length === 0 ? '' : `with ${parts.join(' and ')}`;
}

function effectsOf(facts: readonly CellFacts[]): FindingEffect[] {
  const effects = new Map<string, { hostKind: HostKind; outcome: Outcome; text: string; cellCount: number }>();
  for (const f of facts) {
    const text = effectOf(f);
    const key = `${f.hostKind}\u0000${f.cell.outcome}\u0000${text.replace(/<max>|\d+\.\d+/g, 'V')}`;
    const effect = effects.get(key);
    if (!effect) effects.set(key, { hostKind: f.hostKind, outcome: f.cell.outcome, text, cellCount: 1 });
    else {
      effect.cellCount++;
      // Show the wording with placeholders (`maximum is <max>`) rather than one target's numbers.
      if (text.includes('<max>') && !effect.text.includes('<max>')) effect.text = text;
    }
  }
  // Silent before loud, named before automatic, then the larger first.
  const classRank = (o: Outcome): number => FINDING_CLASSES.indexOf(OUTCOME_CLASS[o] ?? 'refused');
  return [...effects.values()].sort((a, b) => classRank(a.outcome) - classRank(b.outcome) || (a.hostKind === b.hostKind ? 0 : a.hostKind === 'named' ? -1 : 1) || b.cellCount - a.cellCount);
}

/** Effects named in a finding's sentence; the rest are counted. */
const EFFECTS_IN_SENTENCE = 3;

function effectsText(effects: readonly FindingEffect[]): string {
  const split = new Set(effects.map((e) => e.hostKind)).size > 1;
  const shown = effects.slice(0, EFFECTS_IN_SENTENCE).map((e) => `${split ? `${HOST_WORDS[e.hostKind]}: ` : ''}${e.text} (${e.cellCount} cell${e.cellCount === 1 ? '' : 's'})`);
  const rest = effects.slice(EFFECTS_IN_SENTENCE).reduce((n, e) => n + e.cellCount, 0);
  return `${shown.join('; ')}${rest > 0 ? `; other answers (${rest} cell${rest === 1 ? '' : 's'})` : ''}`;
}

function scenariosOf(facts: readonly CellFacts[], context: FindingContext): FindingScenario[] {
  const byScenario = new Map<string, { scenario: string; outcome: Outcome; targets: string[] }>();
  for (const f of facts) {
    const key = `${f.cell.scenario}\u0000${f.cell.outcome}`;
    const entry = byScenario.get(key) ?? { scenario: f.cell.scenario, outcome: f.cell.outcome, targets: [] };
    entry.targets.push(f.cell.target.id);
    byScenario.set(key, entry);
  }
  return [...byScenario.values()]
    .sort((a, b) => (context.scenarioOrder.get(a.scenario) ?? 0) - (context.scenarioOrder.get(b.scenario) ?? 0) || OUTCOME_RANK[a.outcome] - OUTCOME_RANK[b.outcome])
    .map((e) => ({
      scenario: e.scenario,
      title: context.scenarios.get(e.scenario)?.title ?? e.scenario,
      outcome: e.outcome,
      targetsText: condenseTargets(e.targets, context.targets),
      cellCount: e.targets.length,
    }));
}

interface Group {
  readonly profiles: string[];
  readonly cause: Cause;
  readonly facts: CellFacts[];
  /** Cells of the first profile (the others have identical cells). */
  readonly perProfile: number;
}

/** Groups inputs by profile and cause, then merges a family's profiles whose cells are identical. */
function groupInputs(inputs: readonly FindingInput[], context: FindingContext): Group[] {
  const byProfileCause = new Map<string, { profile: string; cause: Cause; facts: CellFacts[] }>();
  for (const { facts, cause } of inputs) {
    const key = `${facts.cell.profile}\u0000${cause.key}`;
    const group = byProfileCause.get(key) ?? { profile: facts.cell.profile, cause, facts: [] };
    group.facts.push(facts);
    byProfileCause.set(key, group);
  }
  const merged = new Map<string, Group>();
  for (const group of byProfileCause.values()) {
    const profile = context.profiles.get(group.profile) ?? { id: group.profile, title: group.profile };
    const signature = group.facts.map((f) => `${f.cell.scenario}|${f.cell.target.id}|${f.cell.outcome}`).sort().join('\n');
    const key = `${profileFamily(profile)}\u0000${group.cause.key}\u0000${signature}`;
    const existing = merged.get(key);
    if (existing) {
      existing.profiles.push(group.profile);
      existing.facts.push(...group.facts);
    } else {
      merged.set(key, { profiles: [group.profile], cause: group.cause, facts: [...group.facts], perProfile: group.facts.length });
    }
  }
  return [...merged.values()];
}

function findingClass(outcomes: Partial<Record<Outcome, number>>): FindingClass {
  return FINDING_CLASSES.find((c) => Object.keys(outcomes).some((o) => OUTCOME_CLASS[o as Outcome] === c)) ?? 'refused';
}

/** A finding from a group (unranked: rank and ref are filled in by {@link rankFindings}). */
function toFinding(group: Group, context: FindingContext, regressionIds: ReadonlySet<string>): Omit<Finding, 'rank' | 'ref'> {
  // Merged profiles are one family: oldest client version first.
  const summaries = group.profiles.map((id) => context.profiles.get(id) ?? { id, title: id }).sort((a, b) => compareProfilesInFamily(a, b, context.profileOrder));
  const profiles = summaries.map((p) => p.id);
  const who = profileNames(summaries);
  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const f of group.facts) outcomes[f.cell.outcome] = (outcomes[f.cell.outcome] ?? 0) + 1;
  const firstProfile = group.facts.filter((f) => f.cell.profile === profiles[0]);
  const effects = effectsOf(firstProfile);
  const condition = commonCondition(firstProfile, group.cause.what);
  const where = describeWhere(new Set(firstProfile.map((f) => f.cell.target.id)), context.targets);
  const lead = [condition, where].filter(Boolean).join(', ');
  const sentence = `${who}: ${lead ? `${lead}, ` : ''}${group.cause.what} — ${effectsText(effects)}.`;
  const cellIds = group.facts.map((f) => f.cell.id);
  const worst = FINDING_CLASSES.map((c) => firstProfile.filter((f) => OUTCOME_CLASS[f.cell.outcome] === c)).find((list) => list.length > 0) ?? firstProfile;
  const sample = worst.find((f) => targetKind(f.cell.target) === 'release') ?? worst[0]!;
  return {
    class: findingClass(outcomes),
    profiles,
    who,
    cause: group.cause,
    condition,
    where,
    sentence,
    title: `${who}: ${group.cause.short}`,
    effects,
    scenarios: scenariosOf(firstProfile, context),
    cellCount: group.facts.length,
    cellsPerProfile: group.perProfile,
    cellIds,
    sampleCellId: sample.cell.id,
    outcomes,
    code: summaries[0]?.models ?? [],
    regressions: cellIds.filter((id) => regressionIds.has(id)).length,
  };
}

/** Σ of the cells' gate ranks: how bad the cells of a finding are together. */
function weight(finding: Omit<Finding, 'rank' | 'ref'>): number {
  return Object.entries(finding.outcomes).reduce((n, [o, count]) => n + OUTCOME_RANK[o as Outcome] * (count ?? 0), 0) / finding.profiles.length;
}

/**
 * Whether a finding concerns a client release users install today: one of its profiles is the
 * newest release of its family in the result (a profile without release metadata counts as
 * current, since nothing says it is old).
 */
function concernsCurrentRelease(finding: Omit<Finding, 'rank' | 'ref'>, context: FindingContext, newest: ReadonlyMap<string, string>): boolean {
  return finding.profiles.some((id) => isCurrentRelease(context.profiles.get(id), newest));
}

/**
 * Ranks findings: class, then whether it concerns the newest release of a client family (what
 * users run today comes before what only older releases do), then breadth (cells per profile),
 * then weight, then listing order.
 */
export function rankFindings(findings: readonly Omit<Finding, 'rank' | 'ref'>[], context: FindingContext, prefix = 'F'): Finding[] {
  const newest = newestReleases(context.profiles.values());
  const current = new Map(findings.map((f) => [f, concernsCurrentRelease(f, context, newest) ? 0 : 1]));
  return [...findings]
    .sort(
      (a, b) =>
        FINDING_CLASSES.indexOf(a.class) - FINDING_CLASSES.indexOf(b.class) ||
        current.get(a)! - current.get(b)! ||
        b.cellsPerProfile - a.cellsPerProfile ||
        weight(b) - weight(a) ||
        (context.profileOrder.get(a.profiles[0]!) ?? 0) - (context.profileOrder.get(b.profiles[0]!) ?? 0) ||
        (a.cause.key < b.cause.key ? -1 : a.cause.key > b.cause.key ? 1 : 0),
    )
    .map((f, i) => ({ ...f, rank: i + 1, ref: `${prefix}${i + 1}` }));
}

/** Groups prepared cells into unranked findings (the diff groups its changed cells with this). */
export function groupFindings(inputs: readonly FindingInput[], context: FindingContext, gate?: GateResult): Omit<Finding, 'rank' | 'ref'>[] {
  const regressionIds = new Set(gate?.regressions.map((r) => r.id) ?? []);
  return groupInputs(inputs, context).map((group) => toFinding(group, context, regressionIds));
}

export interface BuildFindingsOptions {
  /** The gate's verdict: each finding counts its cells that got worse than the baseline. */
  readonly gate?: GateResult;
}

/** The ranked findings of a result. */
export function buildFindings(result: MatrixResult, options: BuildFindingsOptions = {}): Finding[] {
  const context = findingContext(result);
  return rankFindings(groupFindings(findingInputs(result.cells, context), context, options.gate), context);
}
