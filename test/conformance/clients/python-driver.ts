/**
 * Runs `drive_clients.py` once for many cases (one Python process per client and chunk:
 * importing a client costs about a second) under a suite's Python — the host's, or a Debian
 * root's through chroot (suite-runner.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The client calls shared with mvmatrix's real-client drivers (src/drivers/python/mvmatrix_drivers),
 * defined as in-memory modules ahead of the program: it runs with `python -c`, also inside a
 * chroot that cannot see this checkout.
 */
const SHARED_MODULES = ['__init__', 'protocol', 'novaclient_driver', 'openstacksdk_driver', 'openstackclient_driver'];
const SHARED_BOOTSTRAP = [
  'import sys as _sys, types as _types',
  'def _shared(name, source):',
  '    module = _types.ModuleType(name)',
  '    module.__file__ = "<mvmatrix_drivers>/" + name',
  '    if name == "mvmatrix_drivers":',
  '        module.__path__ = []',
  '    _sys.modules[name] = module',
  '    exec(compile(source, module.__file__, "exec"), module.__dict__)',
  ...SHARED_MODULES.map((m) => {
    const source = readFileSync(fileURLToPath(new URL(`../../../src/drivers/python/mvmatrix_drivers/${m}.py`, import.meta.url)), 'utf8');
    return `_shared(${JSON.stringify(m === '__init__' ? 'mvmatrix_drivers' : `mvmatrix_drivers.${m}`)}, ${JSON.stringify(source)})`;
  }),
  '',
].join('\n');
const DRIVER_SOURCE = SHARED_BOOTSTRAP + readFileSync(fileURLToPath(new URL('./drive_clients.py', import.meta.url)), 'utf8');

export interface DriverResult {
  readonly id: string;
  readonly raised: { readonly type: string; readonly message: string } | null;
  /** Warnings the client logged (openstackclient only). */
  readonly warnings?: readonly string[];
}

export interface DriverRun {
  /** What the driver found installed: python, python-novaclient, openstacksdk, … */
  readonly versions: Readonly<Record<string, string | null>>;
  readonly results: Map<string, DriverResult>;
}

/**
 * Feeds `cases` to the driver under `python` (a command prefix, e.g. `['/usr/bin/python3']`
 * or `['chroot', root, '/usr/bin/python3']`) and resolves to one result per case, by id.
 * `processes` > 1 splits the cases over that many Python processes side by side.
 */
export async function runDriver(python: readonly string[], client: string, cases: readonly object[], processes = 1): Promise<DriverRun> {
  const size = Math.max(1, Math.ceil(cases.length / Math.max(1, processes)));
  const chunks: Array<readonly object[]> = [];
  for (let i = 0; i < cases.length; i += size) chunks.push(cases.slice(i, i + size));
  const runs = await Promise.all(chunks.map((chunk) => runOneDriver(python, client, chunk)));
  return { versions: runs[0]?.versions ?? {}, results: new Map(runs.flatMap((r) => [...r.results])) };
}

function runOneDriver(python: readonly string[], client: string, cases: readonly object[]): Promise<DriverRun> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = python;
    const child = spawn(command!, [...args, '-c', DRIVER_SOURCE], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', PYTHONWARNINGS: 'ignore', PYTHONHASHSEED: '0' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`drive_clients.py ${client} under ${python.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      const results = new Map<string, DriverResult>();
      let versions: Record<string, string | null> = {};
      for (const line of out.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        const parsed = JSON.parse(line) as DriverResult | { versions: Record<string, string | null> };
        if ('versions' in parsed) versions = parsed.versions;
        else results.set(parsed.id, parsed);
      }
      resolve({ versions, results });
    });
    child.stdin.end(JSON.stringify({ client, cases }));
  });
}
