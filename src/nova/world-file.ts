/**
 * Reads a world file (YAML or JSON) from disk and validates it. The only file-system code
 * of the Nova model; everything else about worlds is pure (`world.ts`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { WorldDefinition } from './world.js';
import { validateWorld } from './world-schema.js';

/** Loads and validates a world file; throws `MVM_ERR_INVALID_WORLD` naming the file (and path inside it). */
export function loadWorld(path: string): WorldDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new MvmError(ERROR_CODES.INVALID_WORLD, `cannot read world file: ${(cause as Error).message}`, { where: path, cause });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (cause) {
    throw new MvmError(ERROR_CODES.INVALID_WORLD, `not valid YAML: ${(cause as Error).message}`, { where: path, cause });
  }
  return validateWorld(data, path);
}
