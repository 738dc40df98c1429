/** A sparse file of `size` bytes in `dir`: instant to make, and nothing in it to read. */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export async function sparseFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  await handle.truncate(size);
  await handle.close();
  return path;
}
