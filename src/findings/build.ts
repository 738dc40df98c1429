/**
 * Findings: a matrix result turned into a short ranked list of things a reviewer can act on.
 * Cells are grouped by profile and cause (across bands and scenarios), profiles of one family
 * whose cells are identical share a finding, and the list is ranked: silent changes of meaning
 * before loud failures, then by breadth (cells per profile), then by how bad those cells are.
 * Pure.
 */
import type { ScenarioIntent } from '../matrix/definition.js';
import type { GateResult } from '../matrix/gate.js';
import { OUTCOME_RANK, type CellResult, type CellTarget, type MatrixResult, type Outcome, type ProfileSummary, type ScenarioSummary } from '../matrix/result.js';
import { causeOf, OPTIONS, type Cause } from './causes.js';
import { cellFacts, type HostKind } from './cell-facts.js';
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

/** What the findings keep of a cell: who, where and what came out. */
export type FindingCell = Pick<CellResult, 'id' | 'profile' | 'scenario' | 'target' | 'outcome'>;

/**
 * A cell's cause and effect, read once off its facts: all the findings need of its evidence
 * (the reports keep this per cell instead of the cell).
 */
export interface FindingRecord {
  readonly hostKind: HostKind;
  readonly cause: Cause;
  /** What the user sees happen ({@link effectOf}). */
  readonly effect: string;
}

/** One cell ready to be grouped: who and where, its scenario's intent, its cause and effect. */
export interface FindingInput extends FindingRecord {
  readonly cell: FindingCell;
  /** The scenario's intent; absent in results written before intents were recorded. */
  readonly intent: ScenarioIntent | undefined;
}

/** The cause and effect of a cell (`scenarios`: scenario id → its summary, with intent). */
export function findingRecord(cell: CellResult, scenarios: ReadonlyMap<string, ScenarioSummary>): FindingRecord {
  const facts = cellFacts(cell, scenarios);
  return { hostKind: facts.hostKind, cause: causeOf(facts), effect: effectOf(facts) };
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
  return findingContextOf([...profiles.values()], [...scenarios.values()], orderedTargets(result));
}

/** The context of every profile, scenario and target a run's cells name (targets in column order). */
export function findingContextOf(profiles: readonly ProfileSummary[], scenarios: readonly ScenarioSummary[], targets: readonly CellTarget[]): FindingContext {
  return {
    profiles: new Map(profiles.map((p) => [p.id, p])),
    profileOrder: new Map(profiles.map((p, i) => [p.id, i])),
    scenarios: new Map(scenarios.map((s) => [s.id, s])),
    scenarioOrder: new Map(scenarios.map((s, i) => [s.id, i])),
    negative: new Set(scenarios.filter((s) => s.expect?.error !== undefined).map((s) => s.id)),
    targets,
  };
}

/** Whether a cell makes a finding: it did not do what the user meant (see {@link countsAgainstUser}). */
export function isFindingCell(cell: Pick<CellResult, 'outcome' | 'scenario'>, context: Pick<FindingContext, 'negative'>): boolean {
  if (cell.outcome === 'pass' || cell.outcome === 'expected-error') return false;
  return countsAgainstUser(cell.outcome, context.negative.has(cell.scenario));
}

/** The cells of a result that make findings, with their causes. */
export function findingInputs(cells: Iterable<CellResult>, context: FindingContext): FindingInput[] {
  const inputs: FindingInput[] = [];
  for (const cell of cells) {
    if (!isFindingCell(cell, context)) continue;
    const record = findingRecord(cell, context.scenarios);
    inputs.push({ cell, intent: context.scenarios.get(cell.scenario)?.intent, hostKind: record.hostKind, cause: record.cause, effect: record.effect });
  }
  return inputs;
}

const HOST_WORDS: Readonly<Record<HostKind, string>> = { named: 'named host', auto: 'automatic host' };

/** What every cell's scenario asked for, in words, leaving out options the cause already names. */
function commonCondition(inputs: readonly FindingInput[], what: string): string {
  const intents = inputs.map((f) => f.intent);
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

function effectsOf(inputs: readonly FindingInput[]): FindingEffect[] {
  const effects = new Map<string, { hostKind: HostKind; outcome: Outcome; text: string; cellCount: number }>();
  for (const f of inputs) {
    const text = f.effect;
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

function scenariosOf(inputs: readonly FindingInput[], context: FindingContext): FindingScenario[] {
  const byScenario = new Map<string, { scenario: string; outcome: Outcome; targets: string[] }>();
  for (const f of inputs) {
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
  readonly inputs: FindingInput[];
  /** Cells of the first profile (the others have identical cells). */
  readonly perProfile: number;
}

/** Groups inputs by profile and cause, then merges a family's profiles whose cells are identical. */
function groupInputs(inputs: readonly FindingInput[], context: FindingContext): Group[] {
  const byProfileCause = new Map<string, { profile: string; cause: Cause; inputs: FindingInput[] }>();
  for (const input of inputs) {
    const key = `${input.cell.profile}\u0000${input.cause.key}`;
    let group = byProfileCause.get(key);
    if (!group) byProfileCause.set(key, (group = { profile: input.cell.profile, cause: input.cause, inputs: [] }));
    group.inputs.push(input);
  }
  const merged = new Map<string, Group>();
  for (const group of byProfileCause.values()) {
    const profile = context.profiles.get(group.profile) ?? { id: group.profile, title: group.profile };
    const signature = group.inputs.map((f) => `${f.cell.scenario}|${f.cell.target.id}|${f.cell.outcome}`).sort().join('\n');
    const key = `${profileFamily(profile)}\u0000${group.cause.key}\u0000${signature}`;
    const existing = merged.get(key);
    if (existing) {
      existing.profiles.push(group.profile);
      for (const input of group.inputs) existing.inputs.push(input);
    } else {
      merged.set(key, { profiles: [group.profile], cause: group.cause, inputs: [...group.inputs], perProfile: group.inputs.length });
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
  for (const f of group.inputs) outcomes[f.cell.outcome] = (outcomes[f.cell.outcome] ?? 0) + 1;
  const firstProfile = group.inputs.filter((f) => f.cell.profile === profiles[0]);
  const effects = effectsOf(firstProfile);
  const condition = commonCondition(firstProfile, group.cause.what);
  const where = describeWhere(new Set(firstProfile.map((f) => f.cell.target.id)), context.targets);
  const lead = [condition, where].filter(Boolean).join(', ');
  const sentence = `${who}: ${lead ? `${lead}, ` : ''}${group.cause.what} — ${effectsText(effects)}.`;
  const cellIds = group.inputs.map((f) => f.cell.id);
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
    cellCount: group.inputs.length,
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
