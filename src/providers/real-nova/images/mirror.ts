/**
 * Which python3-nova version a suite's mirror has now: the host's apt client with its own
 * state directory per suite under the cache (the host's own apt configuration is not touched),
 * refreshed at most once per {@link LIST_TTL_MS}. Adapter (child processes, files).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ERROR_CODES, MvmError } from '../../../errors.js';
import { aptSourceLines, type DebianNova } from '../debian-releases.js';

const run = promisify(execFile);

/** Package lists older than this are fetched again (a new point release may have landed). */
export const LIST_TTL_MS = 24 * 3600 * 1000;

export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';
export const DEFAULT_SECURITY_MIRROR = 'http://deb.debian.org/debian-security';

/** The mirror of the host's apt sources (deb822 or one-line), else deb.debian.org; `MVMATRIX_DEBIAN_MIRROR` wins. */
export function debianMirrors(env: Readonly<Record<string, string | undefined>> = process.env): { mirror: string; securityMirror: string } {
  const fromEnv = env['MVMATRIX_DEBIAN_MIRROR'];
  if (fromEnv) return { mirror: fromEnv.replace(/\/$/, ''), securityMirror: env['MVMATRIX_DEBIAN_SECURITY_MIRROR'] ?? DEFAULT_SECURITY_MIRROR };
  const found: string[] = [];
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    try {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:URIs:|deb)\s+(https?:\/\/\S+)/gm)) found.push(m[1]!.replace(/\/$/, ''));
    } catch {
      // not there
    }
  }
  const mirror = found.find((u) => !u.endsWith('-security')) ?? DEFAULT_MIRROR;
  const securityMirror = found.find((u) => u.endsWith('-security')) ?? DEFAULT_SECURITY_MIRROR;
  return { mirror, securityMirror };
}

function aptOptions(dir: string): string[] {
  return [
    `Dir::Etc::SourceList=${dir}/sources.list`,
    'Dir::Etc::SourceParts=/dev/null',
    `Dir::State::Lists=${dir}/lists`,
    `Dir::State::status=${dir}/status`,
    `Dir::Cache=${dir}/cache`,
    'Dir::Etc::Preferences=/dev/null',
    'Dir::Etc::PreferencesParts=/dev/null',
    'Acquire::Check-Valid-Until=false',
    'Acquire::Languages=none',
  ].flatMap((o) => ['-o', o]);
}

/**
 * The exact python3-nova version (`2:34.0.0-4`) the suite's mirror offers. `refresh` fetches
 * the lists even when they are fresh. PROVIDER error when the mirror cannot be read.
 */
export async function candidateNovaVersion(nova: DebianNova, cacheDir: string, options: { refresh?: boolean } = {}): Promise<string> {
  const dir = join(cacheDir, 'apt-lists', nova.suite);
  const { mirror, securityMirror } = debianMirrors();
  await mkdir(join(dir, 'lists', 'partial'), { recursive: true });
  await mkdir(join(dir, 'cache', 'archives', 'partial'), { recursive: true });
  await writeFile(join(dir, 'sources.list'), `${aptSourceLines(nova, mirror, securityMirror).join('\n')}\n`);
  await writeFile(join(dir, 'status'), '');
  const stamp = join(dir, 'updated');
  const age = await stat(stamp).then((s) => Date.now() - s.mtimeMs, () => Infinity);
  if (options.refresh || age > LIST_TTL_MS) {
    try {
      await run('apt-get', [...aptOptions(dir), '-qq', 'update'], { timeout: 600_000 });
    } catch (error) {
      throw new MvmError(ERROR_CODES.PROVIDER, `cannot read the package lists of Debian ${nova.suite} from ${mirror}: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop()}`, {
        hint: 'check that Debian\'s mirror is reachable (MVMATRIX_DEBIAN_MIRROR names another one)',
        cause: error,
      });
    }
    await writeFile(stamp, new Date().toISOString());
  }
  const { stdout } = await run('apt-cache', [...aptOptions(dir), 'policy', 'python3-nova'], { timeout: 120_000 });
  const candidate = /Candidate:\s*(\S+)/.exec(stdout)?.[1];
  if (!candidate || candidate === '(none)') {
    throw new MvmError(ERROR_CODES.PROVIDER, `Debian ${nova.suite} (${mirror}) offers no python3-nova`, { hint: 'check the mirror and the suite name' });
  }
  return candidate;
}
