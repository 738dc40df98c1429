/**
 * The world file's JSON Schema and {@link validateWorld}: what a world read from YAML or JSON
 * must look like (`world.ts` holds the types and the default world). Pure.
 */
import { Ajv } from 'ajv';
import { ERROR_CODES, MvmError } from '../errors.js';
import { describeSchemaProblem } from '../schema/schema-error.js';
import { userFileAjvOptions } from '../schema/user-file-ajv-options.js';
import type { WorldDefinition } from './world.js';

const nullableString = { type: ['string', 'null'] } as const;

/** JSON Schema (draft-07, ajv) of a world file. */
export const WORLD_SCHEMA = {
  $id: 'https://mvmatrix.invalid/schemas/world-v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'projectId', 'userId', 'startTime', 'migrationPhaseSeconds', 'maxFreshServers', 'flavor', 'hosts', 'templates', 'servers'],
  properties: {
    version: { const: 1 },
    projectId: { type: 'string', pattern: '^[0-9a-f-]+$' },
    userId: { type: 'string', minLength: 1 },
    startTime: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    migrationPhaseSeconds: { type: 'number', exclusiveMinimum: 0 },
    maxFreshServers: { type: 'integer', minimum: 1 },
    flavor: {
      type: 'object',
      additionalProperties: false,
      required: ['memoryMb', 'diskGb'],
      properties: { memoryMb: { type: 'integer', minimum: 1 }, diskGb: { type: 'integer', minimum: 0 } },
    },
    hosts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'node', 'serviceState', 'serviceStatus', 'sharedStorageGroup', 'preCheckFailure', 'hypervisorType', 'hostIp'],
        properties: {
          name: { type: 'string', pattern: '^[a-zA-Z0-9-._]+$' },
          node: { type: 'string', minLength: 1 },
          serviceState: { enum: ['up', 'down'] },
          serviceStatus: { enum: ['enabled', 'disabled'] },
          sharedStorageGroup: nullableString,
          preCheckFailure: nullableString,
          hypervisorType: { type: 'string' },
          hostIp: { type: 'string' },
        },
      },
    },
    templates: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'vmState', 'taskState', 'locked', 'launched', 'volumeBacked', 'host'],
        properties: {
          description: { type: 'string' },
          vmState: { enum: ['active', 'paused', 'stopped', 'error', 'building', 'suspended', 'shelved_offloaded'] },
          taskState: nullableString,
          locked: { type: 'boolean' },
          launched: { type: 'boolean' },
          volumeBacked: { type: 'boolean' },
          host: { type: 'string' },
          liveMigration: {
            type: 'object',
            additionalProperties: false,
            required: ['status', 'destination'],
            properties: { status: { enum: ['queued', 'preparing', 'running'] }, destination: { type: 'string' } },
          },
        },
      },
    },
    servers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'template'],
        properties: {
          id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
          name: { type: 'string' },
          template: { type: 'string' },
        },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

function invalid(file: string, path: string, message: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_WORLD, `${path}: ${message}`, {
    where: file,
    hint: 'see docs/emulator-model.md for the world file format; worlds/default.yaml is a complete example',
  });
}

/**
 * Checks parsed world data (from YAML or JSON) and returns it typed; throws
 * `MVM_ERR_INVALID_WORLD` naming `file` and the JSON pointer of the first problem.
 */
export function validateWorld(data: unknown, file: string): WorldDefinition {
  compiled ??= new Ajv(userFileAjvOptions()).compile(WORLD_SCHEMA);
  if (!compiled(data)) {
    const problem = describeSchemaProblem(compiled.errors, data);
    throw invalid(file, problem?.pointer || '/', problem?.message ?? 'does not match the world schema');
  }
  const world = data as WorldDefinition;
  const hostNames = new Set(world.hosts.map((h) => h.name));
  for (const [name, t] of Object.entries(world.templates)) {
    if (!hostNames.has(t.host)) throw invalid(file, `/templates/${name}/host`, `unknown host '${t.host}'`);
    if (t.liveMigration && !hostNames.has(t.liveMigration.destination)) {
      throw invalid(file, `/templates/${name}/liveMigration/destination`, `unknown host '${t.liveMigration.destination}'`);
    }
  }
  const ids = new Set<string>();
  world.servers.forEach((s, i) => {
    if (!(s.template in world.templates)) throw invalid(file, `/servers/${i}/template`, `unknown template '${s.template}'`);
    if (ids.has(s.id)) throw invalid(file, `/servers/${i}/id`, `duplicate server id ${s.id}`);
    ids.add(s.id);
  });
  if (Number.isNaN(Date.parse(world.startTime))) throw invalid(file, '/startTime', 'not a date-time');
  return world;
}
