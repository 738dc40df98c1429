/** Looking at an output directory after a fault: its files byte for byte, and stray temporary files. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file of `dir` (not recursive) → its bytes. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) files.set(entry.name, await readFile(join(dir, entry.name)));
  }
  return files;
}

/** Temporary files of atomic writes (`.<name>.<pid>.….tmp`) and write probes left in `dir`. */
export async function strayFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.tmp') || name.startsWith('.mvmatrix-probe'));
}

/** A matrix on one target: `profiles` × `scenarios` plain automatic-host scenarios named s-000…. */
export function plainMatrix(target: string, profiles: readonly string[], scenarios: number): string {
  const lines = ['version: 1', `targets: [${target}]`, `profiles: [${profiles.join(', ')}]`, 'scenarios:'];
  for (let i = 0; i < scenarios; i++) {
    lines.push(`  - id: s-${String(i).padStart(3, '0')}`, '    intent: { host: auto, blockMigration: false, diskOverCommit: false }');
  }
  return `${lines.join('\n')}\n`;
}
