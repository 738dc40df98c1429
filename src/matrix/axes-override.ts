/**
 * Command-line overrides of a matrix's axes (`run --profile`, `run --targets`): the same
 * scenarios, other profiles or targets. Pure.
 */
import type { MatrixDefinition, TargetSpec } from './definition.js';

export interface AxesOverride {
  /** Replaces `profiles:` (model ids and driver profile ids alike). */
  readonly profiles?: readonly string[];
  /** Replaces `targets:`; each entry as in the file (`zed`, `2.47`, `zed@2.60`). */
  readonly targets?: readonly string[];
}

/** Named target sets usable in `--targets`. */
export const TARGET_SETS: Readonly<Record<string, readonly string[]>> = {
  /**
   * Both sides of every microversion where live migration changed (2.25, 2.30, 2.34, 2.68),
   * plus the oldest and newest maxima: every schema band and pre-check mode, in 10 targets.
   */
  'band-edges': ['2.1', '2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68', '2.104'],
};

export function overrideAxes(definition: MatrixDefinition, override: AxesOverride): MatrixDefinition {
  const targets: TargetSpec[] | undefined = override.targets?.flatMap((entry, i) =>
    (TARGET_SETS[entry] ?? [entry]).map((spec): TargetSpec => ({ kind: 'spec', spec, path: `--targets[${i}]` })),
  );
  return {
    ...definition,
    ...(override.profiles === undefined ? {} : { profiles: [...override.profiles], profilesFlag: '--profile' }),
    ...(targets === undefined ? {} : { targets }),
  };
}
