/** Findings and change impact: pure functions over matrix results (no I/O). */
export { buildFindings, findingContext, findingInputs, groupFindings, isFindingCell, orderedTargets, rankFindings } from './build.js';
export type { BuildFindingsOptions, FindingContext, FindingInput } from './build.js';
export { CAUSE_RULES, causeOf, type Cause } from './causes.js';
export { cellFacts, messageShape, type CellFacts, type HostKind } from './cell-facts.js';
export { countsAgainstUser, FINDING_CLASSES, FINDING_CLASS_TITLES, OUTCOME_CLASS, type Finding, type FindingClass, type FindingEffect, type FindingScenario } from './finding.js';
export { FAMILY_TABLE_TITLES, familyTable, profileFamily, profileName, profileNames } from './profiles.js';
export { compareTargets, condenseTargets, describeTargetRun, describeWhere, releaseSeries, releaseTitle, targetKind, type TargetKind } from './targets.js';
export { CHANGE_KINDS, CHANGE_KIND_TITLES, diffAgainstGate, diffResults, type ChangeKind, type DiffFinding, type DiffSide, type MatrixDiff } from './diff.js';
