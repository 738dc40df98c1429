/**
 * Builds a real-Nova image from Debian's mirror only, in two cached phases:
 *   1. scripts/nova-image/build-rootfs.sh: debootstrap (base tarball cached per suite) →
 *      chroot apt-get install of the package set (.debs cached per suite), py3compile skipped
 *      → a packages rootfs tarball, cached per suite + python3-nova version + package set;
 *   2. scripts/nova-image/build-image.sh: the warm-up (empty schemas baked in, byte code of
 *      what runs) → `docker import` with labels.
 * One build per suite at a time (a lock file in the cache). Adapter (root, child processes,
 * files).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, MvmError } from '../../../errors.js';
import { processAlive } from '../process-alive.js';
import { DEFAULT_WORLD } from '../../../nova/world.js';
import { aptSourceLines, type DebianNova } from '../debian-releases.js';
import { harnessDirectory } from '../harness-directory.js';
import { debianMirrors } from './mirror.js';
import { contentTag, IMAGE_PACKAGES, imageLabels, imageTag, packageSetDescription, tagSafeVersion } from './image-spec.js';
import { warmupFiles } from './warmup.js';

/** `scripts/nova-image/` of the package (same relative path from src/ and dist/). */
export function imageScriptsDirectory(): string {
  return fileURLToPath(new URL('../../../../scripts/nova-image/', import.meta.url));
}

/** `MVMATRIX_CACHE_DIR`, else /var/cache/mvmatrix for root, else ~/.cache/mvmatrix. */
export function imageCacheDirectory(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env['MVMATRIX_CACHE_DIR']) return env['MVMATRIX_CACHE_DIR'];
  return process.getuid?.() === 0 ? '/var/cache/mvmatrix' : join(homedir(), '.cache', 'mvmatrix');
}

/** Files whose content decides what an image holds besides the packages (hashed into the package-set label). */
const RECIPE_FILES = ['scripts:build-rootfs.sh', 'scripts:debootstrap-base.sh', 'scripts:build-image.sh', 'scripts:rootfs-work.sh', 'harness:nova_schemas.py', 'harness:nova_manage.py', 'harness:nova_warmup.py'];

/** Digest of the build recipe: scripts, the schema and warm-up code, the warm-up imports. */
export function recipeDigest(): string {
  const hash = createHash('sha256');
  for (const entry of RECIPE_FILES) {
    const [where, name] = entry.split(':') as [string, string];
    hash.update(name).update(readFileSync(join(where === 'scripts' ? imageScriptsDirectory() : harnessDirectory(), name)));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface BuildPlan {
  readonly nova: DebianNova;
  readonly packageVersion: string;
  readonly packageSetHash: string;
  /** `mvmatrix/real-nova:<suite>-<version>`: moved to each new build. */
  readonly tag: string;
  /** `…-<package-set hash>`: this content for good. */
  readonly contentTag: string;
  readonly sources: readonly string[];
}

/** What building `nova` at `packageVersion` would produce (tag and package-set hash). */
export function planBuild(nova: DebianNova, packageVersion: string): BuildPlan {
  const { mirror, securityMirror } = debianMirrors();
  const sources = aptSourceLines(nova, mirror, securityMirror);
  // Only the suite names enter the hash: the same packages from another mirror are the same image.
  const sourceSuites = nova.aptSuites;
  const packageSetHash = createHash('sha256').update(packageSetDescription(nova, packageVersion, recipeDigest(), sourceSuites)).digest('hex').slice(0, 16);
  return { nova, packageVersion, packageSetHash, tag: imageTag(nova.suite, packageVersion), contentTag: contentTag(nova.suite, packageVersion, packageSetHash), sources };
}

export interface BuildOptions {
  readonly cacheDir?: string;
  /** One line per finished stage (`build-rootfs: apt-install 63s`) and warm-up summary. */
  readonly onProgress?: (line: string) => void;
}

/** Throws PREREQUISITE unless this process can build images (root, debootstrap, chroot). */
export function requireBuildPrerequisites(): void {
  if (process.getuid?.() !== 0) {
    throw new MvmError(ERROR_CODES.PREREQUISITE, 'building a real-Nova image needs root (debootstrap, chroot and mount)', {
      hint: 'run `mvmatrix nova images --release <name>` as root once; afterwards any user in the docker group can use the image',
    });
  }
  const missing = ['debootstrap', 'chroot', 'tar', 'apt-get'].filter((tool) => !['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, tool))));
  if (missing.length > 0) {
    throw new MvmError(ERROR_CODES.PREREQUISITE, `building a real-Nova image needs ${missing.join(', ')}`, { hint: 'apt-get install debootstrap (Debian or Ubuntu host)' });
  }
}

/** An exclusive lock per suite; a lock left by a dead process is taken over. Waits for a live holder. */
async function withSuiteLock<T>(cacheDir: string, suite: string, onWait: (pid: number) => void, body: () => Promise<T>): Promise<T> {
  const lock = join(cacheDir, 'locks', `${suite}.lock`);
  await mkdir(join(cacheDir, 'locks'), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !processAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!announced) onWait(holder);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Runs a build script; its output goes to `logFile`; timing lines go to `onProgress`. */
function runScript(script: string, env: Record<string, string>, logFile: string, onProgress: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const log = openSync(logFile, 'a');
    const child = spawn('bash', [join(imageScriptsDirectory(), script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      writeSync(log, d);
    });
    child.stderr.on('data', (d: Buffer) => {
      writeSync(log, d);
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (/^(build-rootfs|build-image|nova-warmup):/.test(line)) onProgress(line);
    });
    child.on('error', (error) => {
      closeSync(log);
      reject(error);
    });
    child.on('close', (code) => {
      closeSync(log);
      if (code === 0) resolve(stdout.trim());
      else {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
        reject(new MvmError(ERROR_CODES.PROVIDER, `${script} failed (exit ${code})\n${tail}`, { where: logFile, hint: 'read the build log; a mirror or network problem is the usual cause' }));
      }
    });
  });
}

/** Removes cached package rootfs tarballs of `suite` other than `keep`. */
function pruneRootfs(dir: string, suite: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${suite}-`) && name.endsWith('.tar') && join(dir, name) !== keep) rmSync(join(dir, name), { force: true });
  }
}

/** Builds the image of `plan` (whether or not one exists). Returns the image id. */
export async function buildImage(plan: BuildPlan, options: BuildOptions = {}): Promise<string> {
  requireBuildPrerequisites();
  const cacheDir = options.cacheDir ?? imageCacheDirectory();
  const onProgress = options.onProgress ?? (() => undefined);
  const { nova } = plan;
  return withSuiteLock(cacheDir, nova.suite, (pid) => onProgress(`waiting for the ${nova.suite} build of process ${pid}`), async () => {
    await mkdir(join(cacheDir, 'logs'), { recursive: true });
    await mkdir(join(cacheDir, 'rootfs'), { recursive: true });
    const logFile = join(cacheDir, 'logs', `${nova.suite}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    await writeFile(logFile, `building ${plan.tag} (package set ${plan.packageSetHash})\n`);
    const started = Math.floor(Date.now() / 1000);
    const rootfsDir = join(cacheDir, 'rootfs');
    const rootfs = join(rootfsDir, `${nova.suite}-${tagSafeVersion(plan.packageVersion)}-${plan.packageSetHash}.tar`);
    if (!existsSync(rootfs)) {
      const { mirror } = debianMirrors();
      await runScript(
        'build-rootfs.sh',
        { SUITE: nova.suite, CACHE: cacheDir, MIRROR: mirror, APT_SOURCES: plan.sources.join('\n'), NOVA_VERSION: plan.packageVersion, PACKAGES: IMAGE_PACKAGES.join(' '), OUT: rootfs },
        logFile,
        onProgress,
      );
    } else {
      onProgress(`build-rootfs: cached ${rootfs}`);
    }
    pruneRootfs(rootfsDir, nova.suite, rootfs);
    const warmup = await mkdtemp(join(cacheDir, 'work', `warmup-${nova.suite}-`)).catch(async () => {
      await mkdir(join(cacheDir, 'work'), { recursive: true });
      return mkdtemp(join(cacheDir, 'work', `warmup-${nova.suite}-`));
    });
    try {
      for (const [name, content] of Object.entries(warmupFiles(nova, DEFAULT_WORLD))) await writeFile(join(warmup, name), content);
      const labels = Object.entries(imageLabels({ nova, packageVersion: plan.packageVersion, packageSetHash: plan.packageSetHash }))
        .map(([k, v]) => `${k}="${v}"`)
        .join('\n');
      return await runScript(
        'build-image.sh',
        { ROOTFS_TAR: rootfs, WARMUP_DIR: warmup, HARNESS_DIR: harnessDirectory(), CACHE: cacheDir, TAG: plan.contentTag, LABELS: labels, BUILD_STARTED: String(started) },
        logFile,
        onProgress,
      );
    } finally {
      await rm(warmup, { recursive: true, force: true });
    }
  });
}
