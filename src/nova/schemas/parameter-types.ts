/**
 * Nova's shared parameter types (`nova/api/validation/parameter_types.py`, unchanged since
 * Liberty) in Nova's key order. Pure.
 */
import type { NovaSchema } from './json-schema.js';

/** Every spelling `parameter_types.boolean` accepts, in Nova's order (it prints in 400 texts). */
export const BOOLEAN_ENUM: readonly unknown[] = Object.freeze([
  true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
  false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no',
]);

/** `parameter_types.boolean`: `{'type': ['boolean', 'string'], 'enum': [...]}`. */
export const booleanType: NovaSchema = { type: ['boolean', 'string'], enum: BOOLEAN_ENUM };

/** The fqdn pattern; Python's `$` also matches before one trailing newline. */
export const FQDN_PATTERN = '^[a-zA-Z0-9-._]*$';

/**
 * `parameter_types.fqdn` with `type` widened to `['string', 'null']` as `schemas/migrate_server.py`
 * does (`host = copy.deepcopy(fqdn); host['type'] = [...]` keeps `type` first).
 */
export const hostType: NovaSchema = { type: ['string', 'null'], minLength: 1, maxLength: 255, pattern: FQDN_PATTERN };

/**
 * The same host type from Nova 32.0.0 (commit baf310ac28 reordered `fqdn` to type, pattern,
 * minLength, maxLength): a value that is both too long and off-pattern now reports the pattern.
 */
export const hostTypeV32: NovaSchema = { type: ['string', 'null'], pattern: FQDN_PATTERN, minLength: 1, maxLength: 255 };

/** Nova major version from which {@link hostTypeV32} applies. */
export const FQDN_REORDERED_SINCE_MAJOR = 32;
