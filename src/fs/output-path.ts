/**
 * Checking where outputs go before anything runs: an output directory must exist or be
 * creatable, be a directory, be writable, and not live on a kernel pseudo-filesystem
 * (`/proc`, `/sys`, cgroup …), where a write can hang or vanish. A location that fails these
 * checks is an IO error (exit 3, like any failed write), reported before anything runs. Directories are created one
 * level at a time (Node's recursive mkdir loops forever under /proc).
 */
import { lstat, mkdir, open, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ERROR_CODES, MvmError } from '../errors.js';

/** Linux `statfs` magic numbers of filesystems that cannot hold reports (linux/magic.h). */
const SPECIAL_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x67596969, 'rpc_pipefs'],
  [0x6e736673, 'nsfs'],
]);

/** Path prefixes that are kernel or device trees whatever their filesystem says (`/dev/shm` is a plain tmpfs). */
const SPECIAL_TREES = ['/proc', '/sys', '/dev'];
const ORDINARY_UNDER_SPECIAL = ['/dev/shm'];

/** An output location that cannot be used: exit 3 like any failed write, but before anything ran. */
function refuse(flag: string, path: string, message: string, hint?: string): MvmError {
  return new MvmError(ERROR_CODES.IO, `could not write to ${path}: it ${message}`, { where: flag, ...(hint === undefined ? {} : { hint }) });
}

function inTree(path: string, tree: string): boolean {
  return path === tree || path.startsWith(`${tree}/`);
}

/** The nearest ancestor of `path` (or `path` itself) that exists. */
async function nearestExisting(path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

async function specialFilesystem(path: string): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return SPECIAL_FILESYSTEMS.get(Number((await statfs(path)).type));
  } catch {
    return undefined;
  }
}

/**
 * Creates `dir` and any missing parents one level at a time. Throws the underlying error
 * (`ENOTDIR`, `EACCES`, `EROFS` …) for the caller to word.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const absolute = resolve(dir);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) throw error;
      missing.unshift(current);
      current = parent;
    }
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Makes sure `dir` can receive output files, creating it if needed; throws a USAGE error
 * (exit 2) naming `flag` otherwise. Returns the absolute path.
 */
export async function prepareOutputDirectory(dir: string, flag: string): Promise<string> {
  const absolute = resolve(dir);
  const tree = ORDINARY_UNDER_SPECIAL.some((t) => inTree(absolute, t)) ? undefined : SPECIAL_TREES.find((t) => inTree(absolute, t));
  if (tree) throw refuse(flag, dir, `is under ${tree}, a kernel or device tree that cannot hold output files`, 'pick a directory on a normal filesystem');
  const existing = await nearestExisting(absolute);
  const special = await specialFilesystem(existing);
  if (special) throw refuse(flag, dir, `is on a ${special} filesystem, which cannot hold output files`, 'pick a directory on a normal filesystem');
  try {
    await ensureDirectory(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw refuse(flag, dir, code === 'ENOTDIR' ? 'is not a directory (or a parent of it is a file)' : `cannot be created (${code})`, 'pass a directory you can write to');
  }
  // Writable? Create and remove an empty probe file (access() says yes to root on a read-only mount).
  const probe = join(absolute, `.mvmatrix-probe.${process.pid}.${Date.now()}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (error) {
    throw refuse(flag, dir, `is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'pass a directory you can write to');
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  return absolute;
}

/**
 * Makes sure `file` can be written (atomically, beside itself): its directory is checked as by
 * {@link prepareOutputDirectory}, and the file, if it exists, must not be a directory.
 */
export async function prepareOutputFile(file: string, flag: string): Promise<string> {
  const absolute = resolve(file);
  if (basename(absolute) === '' || file.endsWith('/')) throw refuse(flag, file, 'names a directory, not a file');
  try {
    if ((await stat(absolute)).isDirectory()) throw refuse(flag, file, 'is a directory, not a file', 'name the file to write');
  } catch (error) {
    if (error instanceof MvmError) throw error;
  }
  await prepareOutputDirectory(dirname(absolute), flag);
  return absolute;
}
