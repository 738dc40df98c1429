/**
 * Matrix definitions (`matrix/*.yaml`) as typed data: YAML text → schema check → semantic check.
 * Every problem becomes one `MVM_ERR_INVALID_MATRIX` error naming the file, the path inside it
 * (with line:column when the YAML node can be located) and what was expected.
 * No file access here: the caller hands in the text and the JSON Schema (see load-matrix.ts).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { InputSyntaxError, parseYamlText, type ParsedYaml } from '../schema/parse-input.js';
import { describeSchemaProblem } from '../schema/schema-error.js';
import { matrixSchemaValidator } from './matrix-schema-validator.js';

export type IntentHost = 'auto' | 'named';
export type ServerTemplate =
  | 'active'
  | 'paused'
  | 'shutoff'
  | 'locked'
  | 'migrating'
  | 'error'
  | 'active-local-disk'
  | 'active-volume-backed'
  | 'never-launched';
/** Which destination a `named` host points at in the default world. */
export type Destination = 'healthy' | 'unknown' | 'pre-checks-fail' | 'service-down';
export type CallerKind = 'admin' | 'member';
export type ExpectedHostHandling = 'scheduler' | 'forced' | 'scheduler-verified';

/** `default`: the user leaves the option alone and the client fills in its own default. */
export interface ScenarioIntent {
  readonly host: IntentHost;
  readonly blockMigration: boolean | 'auto' | 'default';
  readonly diskOverCommit: boolean | 'default';
  /** Absent = left at the client's default. */
  readonly force?: boolean;
}

export interface ScenarioWorld {
  readonly server: ServerTemplate;
  readonly destination: Destination;
  readonly caller: CallerKind;
}

export interface ExpectedError {
  readonly status: readonly number[];
  readonly message?: string;
  /** Accept a 202 at ≥ 2.34, where pre-check failures are reported after the answer. */
  readonly async: boolean;
}

export interface ScenarioExpectation {
  readonly hostHandling?: ExpectedHostHandling;
  readonly error?: ExpectedError;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly intent: ScenarioIntent;
  readonly world: ScenarioWorld;
  readonly expect: ScenarioExpectation;
}

/** One entry of `targets:` before expansion. */
export type TargetSpec =
  | { readonly kind: 'spec'; readonly spec: string; readonly path: string }
  | { readonly kind: 'releases'; readonly releases: 'all' | readonly string[]; readonly path: string }
  | { readonly kind: 'microversions'; readonly from: string; readonly to: string; readonly path: string };

/** The `contract:` section: which cells become Pact interactions (see docs/pact.md). */
export interface ContractSelection {
  /** Targets as in `targets:` (paths `/contract/targets/<i>`); each must be a target of the matrix. */
  readonly targets: readonly TargetSpec[];
  /** `'all'` (the matrix's profiles) or explicit ids. */
  readonly profiles: 'all' | readonly string[];
  /** `'all'` or explicit scenario ids. */
  readonly scenarios: 'all' | readonly string[];
}

export interface MatrixDefinition {
  /** The file name used in messages and in the result metadata. */
  readonly file: string;
  readonly title: string;
  readonly targets: readonly TargetSpec[];
  /** `'all'` or explicit ids, in file order. */
  readonly profiles: 'all' | readonly string[];
  /** Set when the profiles came from the command line (`--profile`): messages name the flag, not the file. */
  readonly profilesFlag?: string;
  readonly scenarios: readonly Scenario[];
  /** The contract subset (`mvmatrix pact`); absent when the file has no `contract:` section. */
  readonly contract?: ContractSelection;
}

function invalid(file: string, path: string, message: string, location?: string, hint?: string): MvmError {
  // A path such as `--targets[0]` is a command-line flag's value, not a place in the file.
  const where = path.startsWith('--') ? path : `${file}: ${path || '/'}${location ? ` (${location})` : ''}`;
  return new MvmError(ERROR_CODES.INVALID_MATRIX, message, {
    where,
    hint: hint ?? 'see docs/matrix.md for the matrix file format (schema: matrix/schema/matrix.schema.json)',
  });
}

/**
 * Parses and validates a matrix definition. `schema` is the parsed
 * `matrix/schema/matrix.schema.json`. Throws an {@link MvmError} (INVALID_MATRIX) on the
 * first problem; nothing is returned half-valid.
 */
export function parseMatrixDefinition(text: string, file: string, schema: object): MatrixDefinition {
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlText(text);
  } catch (error) {
    if (error instanceof InputSyntaxError) throw invalid(file, '', error.message, error.position);
    throw error;
  }
  const { data } = parsed;
  const validate = matrixSchemaValidator(schema);
  if (!validate(data)) {
    const problem = describeSchemaProblem(validate.errors, data) ?? { pointer: '', message: 'does not match the matrix schema' };
    throw invalid(file, problem.pointer, problem.message, parsed.locate(problem.pointer));
  }
  return toDefinition(data as RawMatrix, file, parsed);
}

interface RawScenario {
  id: string;
  title?: string;
  intent: { host: IntentHost; blockMigration: boolean | 'auto' | 'default'; diskOverCommit: boolean | 'default'; force?: boolean | 'default' };
  world?: Partial<ScenarioWorld>;
  expect?: { hostHandling?: ExpectedHostHandling; error?: { status: number | number[]; message?: string; async?: boolean } };
}

type RawTarget = string | { releases: 'all' | string[] } | { microversions: { from: string; to: string } };

interface RawMatrix {
  version: 1;
  title?: string;
  targets: RawTarget[];
  profiles: 'all' | string[];
  scenarios: RawScenario[];
  contract?: { targets: RawTarget[]; profiles?: 'all' | string[]; scenarios?: 'all' | string[] };
}

function toTargetSpec(t: RawTarget, path: string): TargetSpec {
  if (typeof t === 'string') return { kind: 'spec', spec: t, path };
  if ('releases' in t) return { kind: 'releases', releases: t.releases, path };
  return { kind: 'microversions', from: t.microversions.from, to: t.microversions.to, path };
}

function toDefinition(raw: RawMatrix, file: string, parsed: ParsedYaml): MatrixDefinition {
  const seen = new Map<string, number>();
  const scenarios = raw.scenarios.map((s, index): Scenario => {
    const earlier = seen.get(s.id);
    if (earlier !== undefined) {
      const pointer = `/scenarios/${index}/id`;
      throw invalid(file, pointer, `duplicate scenario id '${s.id}' (first at /scenarios/${earlier}/id)`, parsed.locate(pointer));
    }
    seen.set(s.id, index);
    const error = s.expect?.error;
    const intent: ScenarioIntent = {
      host: s.intent.host,
      blockMigration: s.intent.blockMigration,
      diskOverCommit: s.intent.diskOverCommit,
      ...(s.intent.force === undefined || s.intent.force === 'default' ? {} : { force: s.intent.force }),
    };
    return {
      id: s.id,
      title: s.title ?? s.id,
      intent,
      world: {
        server: s.world?.server ?? 'active',
        destination: s.world?.destination ?? 'healthy',
        caller: s.world?.caller ?? 'admin',
      },
      expect: {
        ...(s.expect?.hostHandling === undefined ? {} : { hostHandling: s.expect.hostHandling }),
        ...(error === undefined
          ? {}
          : {
              error: {
                status: Array.isArray(error.status) ? error.status : [error.status],
                ...(error.message === undefined ? {} : { message: error.message }),
                async: error.async ?? false,
              },
            }),
      },
    };
  });
  const targets = raw.targets.map((t, index) => toTargetSpec(t, `/targets/${index}`));
  const contract: ContractSelection | undefined = raw.contract && {
    targets: raw.contract.targets.map((t, index) => toTargetSpec(t, `/contract/targets/${index}`)),
    profiles: raw.contract.profiles ?? 'all',
    scenarios: raw.contract.scenarios ?? 'all',
  };
  return { file, title: raw.title ?? file, targets, profiles: raw.profiles, scenarios, ...(contract ? { contract } : {}) };
}

/** An INVALID_MATRIX error for a semantic problem found after parsing (unknown profile, bad target). */
export function matrixError(definition: Pick<MatrixDefinition, 'file'>, path: string, message: string, hint?: string): MvmError {
  return invalid(definition.file, path, message, undefined, hint);
}

/** Where the `index`th profile was given: `/profiles/<index>` of the file, or `--profile[<index>]`. */
export function profilePath(definition: Pick<MatrixDefinition, 'profilesFlag'>, index: number): string {
  return definition.profilesFlag === undefined ? `/profiles/${index}` : `${definition.profilesFlag}[${index}]`;
}
