/** Where the Python harness lives in the package. */
import { fileURLToPath } from 'node:url';

/** Folder of the Python harness; the same relative path works from `src/` and `dist/`. */
export function harnessDirectory(): string {
  return fileURLToPath(new URL('../../../src/providers/real-nova/python/', import.meta.url));
}
