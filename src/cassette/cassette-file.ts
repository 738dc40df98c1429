/**
 * Reading, validating and writing cassette files. Bad files become INVALID_CASSETTE errors
 * naming the file and the JSON path inside it; writes are atomic and byte-deterministic.
 */
import { Ajv } from 'ajv';
import { ERROR_CODES, MvmError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readInputFile } from '../fs/bounded-read.js';
import { InputSyntaxError, parseJsonText } from '../schema/parse-input.js';
import { describeSchemaProblem } from '../schema/schema-error.js';
import { userFileAjvOptions } from '../schema/user-file-ajv-options.js';
import { CASSETTE_SCHEMA } from './cassette-schema.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteInteraction } from './types.js';

const ajv = new Ajv(userFileAjvOptions());
const validate = ajv.compile(CASSETTE_SCHEMA);

function invalid(file: string, pointer: string, message: string, cause?: unknown): MvmError {
  return new MvmError(ERROR_CODES.INVALID_CASSETTE, message, {
    where: `${file}#${pointer}`,
    hint: 'record it again with `mvmatrix record`, or see docs/record-replay.md for the format',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Validates parsed JSON as a cassette; `file` names it in errors. */
export function decodeCassette(value: unknown, file: string): Cassette {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (record['format'] !== CASSETTE_FORMAT) {
      throw invalid(file, '/format', `not an mvmatrix cassette (format is ${JSON.stringify(record['format'])}, expected "${CASSETTE_FORMAT}")`);
    }
    if (record['version'] !== CASSETTE_VERSION) {
      throw invalid(file, '/version', `cassette format version ${JSON.stringify(record['version'])} is not supported (this mvmatrix reads version ${CASSETTE_VERSION})`);
    }
  }
  if (!validate(value)) {
    const problem = describeSchemaProblem(validate.errors, value);
    throw invalid(file, problem?.pointer || '/', problem?.message ?? 'does not match the cassette schema');
  }
  const cassette = value as unknown as Cassette;
  const seen = new Map<string, number>();
  cassette.interactions.forEach((interaction, index) => {
    const earlier = seen.get(interaction.key);
    if (earlier !== undefined) throw invalid(file, `/interactions/${index}/key`, `duplicate key (same as /interactions/${earlier}/key)`);
    seen.set(interaction.key, index);
  });
  return cassette;
}

/** Parses cassette text; `file` names it in errors. */
export function parseCassette(text: string, file: string): Cassette {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    if (!(error instanceof InputSyntaxError)) throw error;
    throw new MvmError(ERROR_CODES.INVALID_CASSETTE, error.message, {
      where: error.position ? `${file} (${error.position})` : file,
      hint: 'record it again with `mvmatrix record`, or see docs/record-replay.md for the format',
      cause: error,
    });
  }
  return decodeCassette(value, file);
}

/** Reads and validates a cassette file. */
export async function readCassette(file: string): Promise<Cassette> {
  let text: string;
  try {
    text = await readInputFile(file, 'cassette');
  } catch (error) {
    if (!(error instanceof MvmError) || error.code !== ERROR_CODES.INVALID_CASSETTE) throw error;
    throw new MvmError(ERROR_CODES.INVALID_CASSETTE, error.message, {
      where: file,
      hint: 'check the path; record one with `mvmatrix record --target <url> --out <file>`',
      cause: error,
    });
  }
  return parseCassette(text, file);
}

// Builds each object with its properties in one fixed order, so equal cassettes
// serialise to equal bytes whatever order their objects were built in.
function orderedInteraction(i: CassetteInteraction): CassetteInteraction {
  return {
    key: i.key,
    name: i.name,
    request: {
      method: i.request.method,
      pathTemplate: i.request.pathTemplate,
      path: i.request.path,
      serverRef: i.request.serverRef,
      caller: i.request.caller,
      microversion: {
        effective: i.request.microversion.effective,
        openstackApiVersion: i.request.microversion.openstackApiVersion,
        novaApiVersion: i.request.microversion.novaApiVersion,
      },
      contentType: i.request.contentType,
      body: i.request.body,
      bodyKey: i.request.bodyKey,
    },
    response: {
      status: i.response.status,
      headers: i.response.headers.map(([n, v]) => [n, v] as const),
      body: i.response.body,
    },
  };
}

/** The file text of a cassette: 2-space JSON, fixed property order, trailing newline. */
export function serializeCassette(cassette: Cassette): string {
  const m = cassette.metadata;
  const servers: Record<string, { id: string; host: string | null }> = {};
  for (const role of Object.keys(cassette.servers).sort()) {
    const s = cassette.servers[role]!;
    servers[role] = { id: s.id, host: s.host };
  }
  const ordered: Cassette = {
    format: CASSETTE_FORMAT,
    version: CASSETTE_VERSION,
    metadata: {
      recordedAt: m.recordedAt,
      targetOrigin: m.targetOrigin,
      target: m.target,
      maxMicroversion: m.maxMicroversion,
      novaVersion: m.novaVersion,
      mvmatrixVersion: m.mvmatrixVersion,
      requestSet: m.requestSet,
      note: m.note,
    },
    servers,
    interactions: cassette.interactions.map(orderedInteraction),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes a cassette atomically (never a half-written file). */
export async function writeCassette(file: string, cassette: Cassette): Promise<void> {
  await writeFileAtomic(file, serializeCassette(cassette));
}
