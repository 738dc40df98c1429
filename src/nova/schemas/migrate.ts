/**
 * Cold `migrate` action schema (`migrate_v2_56`, applied from 2.56; below 2.56 Nova validates
 * nothing and ignores any host). Pure.
 */
import type { NovaSchema } from './json-schema.js';
import { FQDN_REORDERED_SINCE_MAJOR, hostType, hostTypeV32 } from './parameter-types.js';

function build(host: NovaSchema): NovaSchema {
  return {
    type: 'object',
    properties: { migrate: { type: ['object', 'null'], properties: { host }, additionalProperties: false } },
    required: ['migrate'],
    additionalProperties: false,
  };
}

export const migrateV256 = build(hostType);
export const migrateV256NovaV32 = build(hostTypeV32);

/** The cold-migrate schema for a Nova major version (default: the ≤ 31.x order). */
export function migrateSchema(novaMajor?: number): NovaSchema {
  return novaMajor !== undefined && novaMajor >= FQDN_REORDERED_SINCE_MAJOR ? migrateV256NovaV32 : migrateV256;
}
