/**
 * The target helpers the report columns use; they live with the findings (which word targets
 * the same way) and are re-exported here for the reports. Pure.
 */
export { compareTargets, releaseSeries, releaseTitle, targetKind, type TargetKind } from '../findings/targets.js';
