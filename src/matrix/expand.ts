/**
 * Expands a matrix definition's axes into cells, in a fixed order
 * (profiles × scenarios × targets, each in file order), so results are deterministic
 * whatever the runner's concurrency. Pure.
 */
import { isMvmError } from '../errors.js';
import { NOVA_RELEASES } from '../microversion/releases.js';
import { compareMicroversions, microversionsBetween, parseMicroversion } from '../microversion/version.js';
import { maxVersionTarget, releaseTarget, resolveTarget, type NovaTarget } from '../nova/target.js';
import { matrixError, profilePath, type MatrixDefinition, type Scenario, type TargetSpec } from './definition.js';

/** One (profile, scenario, target) combination. */
export interface MatrixCell {
  /** `<profile>|<scenario>|<target>`. */
  readonly id: string;
  /** Position in the expansion order; results are reported in this order. */
  readonly index: number;
  readonly profile: string;
  readonly scenario: Scenario;
  readonly target: NovaTarget;
}

/**
 * A cell of an expansion. Its id is made when asked for, not kept: a matrix of hundreds of
 * thousands of cells would otherwise hold as many id strings for the whole run.
 */
class ExpandedCell implements MatrixCell {
  constructor(
    readonly index: number,
    readonly profile: string,
    readonly scenario: Scenario,
    readonly target: NovaTarget,
  ) {}

  get id(): string {
    return `${this.profile}|${this.scenario.id}|${this.target.id}`;
  }
}

/** What expansion needs to know about client profiles. */
export interface ProfileRegistry {
  readonly ids: readonly string[];
  has(id: string): boolean;
}

export interface ExpandedMatrix {
  readonly definition: MatrixDefinition;
  readonly profiles: readonly string[];
  readonly targets: readonly NovaTarget[];
  readonly cells: readonly MatrixCell[];
}

function rethrowAt(definition: MatrixDefinition, path: string, run: () => NovaTarget[]): NovaTarget[] {
  try {
    return run();
  } catch (error) {
    if (isMvmError(error)) throw matrixError(definition, path, error.message, error.hint);
    throw error;
  }
}

function expandTargetSpec(definition: MatrixDefinition, spec: TargetSpec): NovaTarget[] {
  switch (spec.kind) {
    case 'spec':
      return rethrowAt(definition, spec.path, () => [resolveTarget(spec.spec)]);
    case 'releases':
      if (spec.releases === 'all') return NOVA_RELEASES.map(releaseTarget);
      return spec.releases.flatMap((name, i) => rethrowAt(definition, `${spec.path}/releases/${i}`, () => [resolveTarget(name)]));
    case 'microversions':
      return rethrowAt(definition, `${spec.path}/microversions`, () => {
        const from = parseMicroversion(spec.from);
        const to = parseMicroversion(spec.to);
        if (compareMicroversions(from, to) > 0) {
          throw matrixError(definition, `${spec.path}/microversions`, `'from' (${spec.from}) is above 'to' (${spec.to})`);
        }
        return microversionsBetween(from, to).map((v) => maxVersionTarget(v));
      });
  }
}

/** Every target of the definition, de-duplicated by id, first occurrence wins. */
export function expandTargets(definition: MatrixDefinition): NovaTarget[] {
  const byId = new Map<string, NovaTarget>();
  for (const spec of definition.targets) {
    for (const target of expandTargetSpec(definition, spec)) if (!byId.has(target.id)) byId.set(target.id, target);
  }
  return [...byId.values()];
}

/**
 * Expands `definition` into cells. `profiles.ids` is the registry's list (`all` expands to it);
 * `profiles.has` also accepts parameterised ids such as `novaclient@2.53`. An unknown id is a
 * matrix error naming its path.
 */
export function expandMatrix(definition: MatrixDefinition, registry: ProfileRegistry): ExpandedMatrix {
  const profiles = definition.profiles === 'all' ? [...registry.ids] : [...definition.profiles];
  if (definition.profiles !== 'all') {
    definition.profiles.forEach((id, i) => {
      if (!registry.has(id)) {
        throw matrixError(
          definition,
          profilePath(definition, i),
          `unknown client profile '${id}'`,
          `known profiles: ${registry.ids.join(', ')}; or a real client's own code: <client>@installed, @venv:<dir>, @src:<dir>, @image:<image>, @root:<dir> (docs/drivers.md)`,
        );
      }
    });
  }
  const targets = expandTargets(definition);
  const cells: MatrixCell[] = [];
  for (const profile of profiles) {
    for (const scenario of definition.scenarios) {
      for (const target of targets) cells.push(new ExpandedCell(cells.length, profile, scenario, target));
    }
  }
  return { definition, profiles, targets, cells };
}
