/**
 * Runs `drive_clients.py` once for many cases (one Python process per client: importing a
 * client costs about a second) and checks whether the Debian packages are importable.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const DRIVER = fileURLToPath(new URL('./drive_clients.py', import.meta.url));

export interface DriverResult {
  readonly id: string;
  readonly raised: { readonly type: string; readonly message: string } | null;
  /** Warnings the client logged (openstackclient only). */
  readonly warnings?: readonly string[];
}

/** The Python modules each client needs, by driver client name. */
export const CLIENT_MODULES: Readonly<Record<string, string>> = {
  novaclient: 'novaclient',
  openstacksdk: 'openstack',
  openstackclient: 'openstackclient.shell',
  horizon: 'django, openstack_dashboard',
};

/** `undefined` when importable, else why not (one line). */
export function missingPrerequisite(client: string): string | undefined {
  const modules = CLIENT_MODULES[client] ?? client;
  const probe = spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import ${modules} (install the Debian packages: scripts/install-debian-packages.sh)`;
  return undefined;
}

/**
 * Feeds `cases` to the driver and resolves to one result per case, by id. `processes` > 1
 * splits the cases over that many Python processes running side by side.
 */
export async function runDriver(client: string, cases: readonly object[], processes = 1): Promise<Map<string, DriverResult>> {
  const size = Math.ceil(cases.length / Math.max(1, processes));
  const chunks: Array<readonly object[]> = [];
  for (let i = 0; i < cases.length; i += size) chunks.push(cases.slice(i, i + size));
  const maps = await Promise.all(chunks.map((chunk) => runOneDriver(client, chunk)));
  return new Map(maps.flatMap((m) => [...m]));
}

function runOneDriver(client: string, cases: readonly object[]): Promise<Map<string, DriverResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`drive_clients.py ${client} exited ${code}: ${err.slice(-2000)}`));
      const results = new Map<string, DriverResult>();
      for (const line of out.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        const parsed = JSON.parse(line) as DriverResult;
        results.set(parsed.id, parsed);
      }
      resolve(results);
    });
    child.stdin.end(JSON.stringify({ client, cases }));
  });
}
