/**
 * Where the real clients of a Debian suite can run here: bookworm's on the host (Debian 12
 * with the client packages), every suite's in a root built by scripts/build-client-root.sh
 * (`$MVMATRIX_CLIENT_ROOTS/<suite>`, default /var/tmp/mvmatrix-clients), entered with chroot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebianSuite } from '../../../src/clients/index.js';

export interface SuiteRunner {
  readonly suite: DebianSuite;
  /** Command prefix that runs that suite's Python. */
  readonly python: readonly string[];
  /** Command prefix that runs that suite's dpkg-query. */
  readonly dpkgQuery: readonly string[];
  /** One line for the fixture and the log: what was run. */
  readonly description: string;
}

export const CLIENT_PACKAGES = ['python3', 'python3-novaclient', 'python3-openstacksdk', 'python3-openstackclient', 'python3-django-horizon', 'python3-keystoneauth1', 'python3-osc-lib'];
const IMPORTS = 'import novaclient, openstack, openstackclient.shell, django, openstack_dashboard';

export function clientRootsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['MVMATRIX_CLIENT_ROOTS'] ?? '/var/tmp/mvmatrix-clients';
}

function hostCodename(): string | undefined {
  try {
    return /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function importable(python: readonly string[]): boolean {
  const [command, ...args] = python;
  return spawnSync(command!, [...args, '-c', IMPORTS], { encoding: 'utf8', timeout: 120_000 }).status === 0;
}

/** The runner for `suite`, or one line saying why there is none here. */
export function findSuiteRunner(suite: DebianSuite, env: NodeJS.ProcessEnv = process.env): SuiteRunner | string {
  const root = join(clientRootsDir(env), suite);
  if (existsSync(join(root, '.mvmatrix-clients'))) {
    if (process.getuid?.() !== 0) return `a ${suite} root exists at ${root}, but entering it (chroot) needs root`;
    const python = ['chroot', root, '/usr/bin/python3'];
    if (!importable(python)) return `the ${suite} root at ${root} cannot import the clients (rebuild it: rm -rf ${root}; bash scripts/build-client-root.sh ${suite})`;
    return { suite, python, dpkgQuery: ['chroot', root, 'dpkg-query'], description: `chroot ${root} /usr/bin/python3 (Debian ${suite} root from scripts/build-client-root.sh)` };
  }
  if (hostCodename() === suite && importable(['/usr/bin/python3'])) {
    return { suite, python: ['/usr/bin/python3'], dpkgQuery: ['dpkg-query'], description: `/usr/bin/python3 on this Debian ${suite} host (scripts/install-debian-packages.sh)` };
  }
  return `no ${suite} clients here: build a root with \`bash scripts/build-client-root.sh ${suite}\`${suite === hostCodename() ? ' or install the packages (scripts/install-debian-packages.sh)' : ''}`;
}

/** The Debian package versions of the clients in that suite ("package" → "version"). */
export function packageVersions(runner: SuiteRunner): Record<string, string> {
  const [command, ...args] = runner.dpkgQuery;
  const out = spawnSync(command!, [...args, '-W', '-f=${Package} ${Version}\\n', ...CLIENT_PACKAGES], { encoding: 'utf8' }).stdout ?? '';
  const versions: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const [name, version] = line.split(' ');
    if (name && version) versions[name] = version;
  }
  return versions;
}
