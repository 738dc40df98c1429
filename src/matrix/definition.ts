/**
 * Matrix definitions (`matrix/*.yaml`) as typed data: YAML text → schema check → semantic check.
 * Every problem becomes one `MVM_ERR_INVALID_MATRIX` error naming the file, the path inside it
 * (with line:column when the YAML node can be located) and what was expected.
 * No file access here: the caller hands in the text and the JSON Schema (see load-matrix.ts).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ERROR_CODES, MvmError } from '../errors.js';
import { describeSchemaProblem } from '../schema/schema-error.js';

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

export interface MatrixDefinition {
  /** The file name used in messages and in the result metadata. */
  readonly file: string;
  readonly title: string;
  readonly targets: readonly TargetSpec[];
  /** `'all'` or explicit ids, in file order. */
  readonly profiles: 'all' | readonly string[];
  readonly scenarios: readonly Scenario[];
}

const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Where a JSON pointer lands in the YAML text: `line 12, column 7`, or undefined. */
function locate(doc: Document, lines: LineCounter, pointer: string): string | undefined {
  const path = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return undefined;
  const pos = lines.linePos(range[0]);
  return `line ${pos.line}, column ${pos.col}`;
}

function invalid(file: string, path: string, message: string, location?: string, hint?: string): MvmError {
  const where = `${file}: ${path || '/'}${location ? ` (${location})` : ''}`;
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
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = lines.linePos(first.pos[0]);
    throw invalid(file, '', `not valid YAML: ${first.message.split('\n')[0]}`, `line ${pos.line}, column ${pos.col}`);
  }
  const data: unknown = doc.toJS();
  const validate = validatorFor(schema);
  if (!validate(data)) {
    const problem = describeSchemaProblem(validate.errors, data) ?? { pointer: '', message: 'does not match the matrix schema' };
    throw invalid(file, problem.pointer, problem.message, locate(doc, lines, problem.pointer));
  }
  return toDefinition(data as RawMatrix, file, doc, lines);
}

interface RawScenario {
  id: string;
  title?: string;
  intent: { host: IntentHost; blockMigration: boolean | 'auto' | 'default'; diskOverCommit: boolean | 'default'; force?: boolean | 'default' };
  world?: Partial<ScenarioWorld>;
  expect?: { hostHandling?: ExpectedHostHandling; error?: { status: number | number[]; message?: string; async?: boolean } };
}

interface RawMatrix {
  version: 1;
  title?: string;
  targets: Array<string | { releases: 'all' | string[] } | { microversions: { from: string; to: string } }>;
  profiles: 'all' | string[];
  scenarios: RawScenario[];
}

function toDefinition(raw: RawMatrix, file: string, doc: Document, lines: LineCounter): MatrixDefinition {
  const seen = new Map<string, number>();
  const scenarios = raw.scenarios.map((s, index): Scenario => {
    const earlier = seen.get(s.id);
    if (earlier !== undefined) {
      const pointer = `/scenarios/${index}/id`;
      throw invalid(file, pointer, `duplicate scenario id '${s.id}' (first at /scenarios/${earlier}/id)`, locate(doc, lines, pointer));
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
  const targets = raw.targets.map((t, index): TargetSpec => {
    const path = `/targets/${index}`;
    if (typeof t === 'string') return { kind: 'spec', spec: t, path };
    if ('releases' in t) return { kind: 'releases', releases: t.releases, path };
    return { kind: 'microversions', from: t.microversions.from, to: t.microversions.to, path };
  });
  return { file, title: raw.title ?? file, targets, profiles: raw.profiles, scenarios };
}

/** An INVALID_MATRIX error for a semantic problem found after parsing (unknown profile, bad target). */
export function matrixError(definition: Pick<MatrixDefinition, 'file'>, path: string, message: string, hint?: string): MvmError {
  return invalid(definition.file, path, message, undefined, hint);
}
