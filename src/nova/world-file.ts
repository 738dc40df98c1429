/**
 * Reads a world file (YAML or JSON) from disk and validates it. The only file-system code
 * of the Nova model; everything else about worlds is pure (`world.ts`). The file is refused
 * before parsing when it is over its size limit (`src/fs/bounded-read.ts`).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { readInputFileSync } from '../fs/bounded-read.js';
import { InputSyntaxError, parseYamlText } from '../schema/parse-input.js';
import type { WorldDefinition } from './world.js';
import { validateWorld } from './world-schema.js';

/** Loads and validates a world file; throws `MVM_ERR_INVALID_WORLD` naming the file (and path inside it). */
export function loadWorld(path: string): WorldDefinition {
  const text = readInputFileSync(path, 'world');
  let data: unknown;
  try {
    data = parseYamlText(text).data;
  } catch (cause) {
    if (!(cause instanceof InputSyntaxError)) throw cause;
    throw new MvmError(ERROR_CODES.INVALID_WORLD, cause.message, { where: cause.position ? `${path} (${cause.position})` : path, cause });
  }
  return validateWorld(data, path);
}
