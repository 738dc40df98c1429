/** The driver suites' helpers: `mvmatrix run` in-process, and where the real clients are. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { MatrixResult } from '../../../src/matrix/result.js';
import { readMatrixResultFile } from '../../../src/matrix/result-io.js';

export const IN_CI = process.env['CI'] === 'true';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function mvmatrix(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args], { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

export async function readResult(outDir: string): Promise<MatrixResult> {
  return readMatrixResultFile(join(outDir, 'matrix.json'));
}

/** Where scripts/ci/drivers.sh unpacks sid's clients (`MVMATRIX_SID_CLIENTS` overrides). */
export const SID_CLIENTS_DIR = process.env['MVMATRIX_SID_CLIENTS'] ?? join(tmpdir(), 'mvmatrix-debian-clients', 'sid');

/** `package[=version]` lines of test/fixtures/horizon/sid-packages.txt (also read by scripts/ci/drivers.sh). */
const SID_PACKAGE_SPECS = readFileSync(new URL('../../fixtures/horizon/sid-packages.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
export const SID_HORIZON_PACKAGE = 'python3-django-horizon';
/** The sid libraries Horizon 27.0.0 needs beyond the host's (bookworm) Python packages. */
export const SID_LIBRARY_PACKAGES = SID_PACKAGE_SPECS.map((s) => s.split('=')[0]!).filter((p) => p !== SID_HORIZON_PACKAGE);

export interface SidClients {
  /** `.../python3-django-horizon/usr/lib/python3/dist-packages` (horizon, openstack_dashboard, openstack_auth). */
  readonly horizon: string;
  /** dist-packages of the sid libraries, for `pythonpath=`. */
  readonly libraries: readonly string[];
  /** package → Debian version, as fetched. */
  readonly versions: Readonly<Record<string, string>>;
}

const DIST = 'usr/lib/python3/dist-packages';

/** The unpacked sid clients, or why they are not there (with the command that fetches them). */
export function sidClients(): SidClients | { readonly missing: string } {
  const versionsFile = join(SID_CLIENTS_DIR, 'versions.txt');
  const fetch = `bash scripts/fetch-debian-clients.sh sid ${SID_CLIENTS_DIR} ${SID_PACKAGE_SPECS.join(' ')} (or bash scripts/ci/drivers.sh)`;
  if (!existsSync(versionsFile)) return { missing: `sid's clients are not unpacked in ${SID_CLIENTS_DIR} (run: ${fetch})` };
  const versions = Object.fromEntries(
    readFileSync(versionsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(' ') as [string, string]),
  );
  for (const p of [SID_HORIZON_PACKAGE, ...SID_LIBRARY_PACKAGES]) {
    if (!versions[p] || !existsSync(join(SID_CLIENTS_DIR, p, DIST))) return { missing: `${p} is not unpacked in ${SID_CLIENTS_DIR} (run: ${fetch})` };
  }
  return { horizon: join(SID_CLIENTS_DIR, SID_HORIZON_PACKAGE, DIST), libraries: SID_LIBRARY_PACKAGES.map((p) => join(SID_CLIENTS_DIR, p, DIST)), versions };
}

/** The modules each client's driver imports. */
const CLIENT_MODULES: Readonly<Record<string, string>> = {
  novaclient: 'novaclient',
  openstacksdk: 'openstack',
  openstackclient: 'openstackclient.shell',
  horizon: 'django, openstack_dashboard',
};

/** `undefined` when /usr/bin/python3 can import `client`, else why not (one line). */
export function missingPrerequisite(client: string): string | undefined {
  const modules = CLIENT_MODULES[client] ?? client;
  const probe = spawnSync('/usr/bin/python3', ['-c', `import ${modules}`], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) return `/usr/bin/python3 cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `/usr/bin/python3 cannot import ${modules} (install the Debian packages: scripts/install-debian-packages.sh)`;
  return undefined;
}
