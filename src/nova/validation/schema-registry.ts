/**
 * Every Nova request schema the emulator validates with, by a stable name: the build compiles
 * them ahead of time (scripts/build-validators.mjs), so neither `serve` nor `run` loads ajv or
 * compiles a schema before answering. A schema passed to `validateNovaBody` must be listed here.
 * Pure.
 */
import type { NovaSchema } from '../schemas/json-schema.js';
import { forceCompleteSchema } from '../schemas/force-complete.js';
import { migrateV256, migrateV256NovaV32 } from '../schemas/migrate.js';
import { MIGRATE_LIVE_SCHEMAS, MIGRATE_LIVE_SCHEMAS_V32 } from '../schemas/migrate-live.js';

function entries(prefix: string, table: Readonly<Record<string, NovaSchema>>): Array<[string, NovaSchema]> {
  return Object.entries(table).map(([band, schema]) => [`${prefix}_${band.replace('.', '_')}`, schema]);
}

/** Name → schema; names are JavaScript identifiers (they become export names of the compiled module). */
export const NOVA_SCHEMAS: ReadonlyArray<readonly [string, NovaSchema]> = [
  ...entries('migrateLive', MIGRATE_LIVE_SCHEMAS),
  ...entries('migrateLiveV32', MIGRATE_LIVE_SCHEMAS_V32),
  ['migrateV256', migrateV256],
  ['migrateV256NovaV32', migrateV256NovaV32],
  ['forceComplete', forceCompleteSchema],
];

const NAMES = new Map<NovaSchema, string>();
for (const [name, schema] of NOVA_SCHEMAS) if (!NAMES.has(schema)) NAMES.set(schema, name);

/** The registered name of a schema (the first, when one schema object is listed twice). */
export function novaSchemaName(schema: NovaSchema): string {
  const name = NAMES.get(schema);
  if (name === undefined) throw new Error('internal: a Nova schema missing from schema-registry.ts was used for validation');
  return name;
}
