/**
 * The built CLI (`bin/mvmatrix.js` → dist), where `run --over-http` puts the emulator on its own
 * worker thread behind its node:http edge: same cells as the in-source (in-process) run. Needs
 * `npm run build` (npm test builds first).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = existsSync(join(ROOT, 'dist/providers/emulator/emulator-worker.js'));
if (!BUILT && process.env.CI !== 'true') console.log('skipping the built-CLI matrix test: dist/ is missing (run npm run build)');

const MATRIX = `version: 1
targets: [mitaka, zed, "2.67"]
profiles: [horizon-legacy, horizon-60455e5ff, openstacksdk]
scenarios:
  - id: named-doc
    intent: { host: named, blockMigration: false, diskOverCommit: true }
  - id: auto-doc
    intent: { host: auto, blockMigration: false, diskOverCommit: true }
  - id: shutoff
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
    world: { server: shutoff }
    expect: { error: { status: 409 } }
`;

describe.runIf(BUILT || process.env.CI === 'true')('mvmatrix run --over-http from dist (threaded emulator)', () => {
  it('exits 0 and classifies every cell exactly as the in-source run does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvmatrix-dist-'));
    const matrix = join(dir, 'm.yaml');
    await writeFile(matrix, MATRIX);
    await promisify(execFile)(process.execPath, [join(ROOT, 'bin/mvmatrix.js'), 'run', '--over-http', '--matrix', matrix, '--out', join(dir, 'dist'), '--no-reports', '--quiet'], { env: { ...process.env, CI: 'true' } });
    const code = await main(['run', '--matrix', matrix, '--out', join(dir, 'src'), '--no-reports', '--quiet'], { env: {}, stdout: () => {}, stderr: () => {}, isTTY: false });
    expect(code).toBe(0);
    const read = async (sub: string) => readMatrixResultFile(join(dir, sub, 'matrix.json'));
    const view = (r: MatrixResult) => r.cells.map((c) => [c.id, c.outcome, c.explanation, c.request?.path ?? null, c.response?.status ?? null]);
    expect(view(await read('dist'))).toEqual(view(await read('src')));
    expect((await read('dist')).metadata.provider).toBe('emulator: embedded emulator over loopback HTTP');
    expect((await read('src')).metadata.provider).toBe('emulator: embedded emulator (in-process)');
  });
});
