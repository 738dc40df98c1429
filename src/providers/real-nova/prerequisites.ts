/**
 * Is the real Nova installed? Checks that the system Python can import Debian's python3-nova
 * and reports its version; anything else is a PREREQUISITE error with the install hint.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { NOVA_RELEASES, type NovaRelease } from '../../microversion/releases.js';

/** Debian's interpreter: another `python3` earlier on PATH would not see the Debian packages. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export const INSTALL_HINT =
  'run scripts/install-real-nova.sh (installs the Debian packages python3-nova and python3-novaclient, and extracts nova-common\'s api-paste.ini)';

/** Where scripts/install-real-nova.sh puts the api-paste.ini of nova-common `<version>` (the package is not installed). */
export function hostApiPastePath(novaVersion: string): string {
  return `/var/lib/mvmatrix/nova-common/${novaVersion}/api-paste.ini`;
}

export interface RealNovaInstallation {
  readonly python: string;
  /** `26.2.2` for Debian 12's python3-nova (Zed). */
  readonly novaVersion: string;
  /** The Nova release of that version (by its major number). */
  readonly release: NovaRelease;
  /** nova-common's api-paste.ini of the same version. */
  readonly apiPaste: string;
}

const PROBE = [
  'import importlib.metadata, nova, eventlet, paste.deploy',
  "print(importlib.metadata.version('nova'))",
].join('\n');

/** Resolves the installed Nova, or throws MvmError PREREQUISITE saying how to install it. */
export function checkRealNova(python: string = SYSTEM_PYTHON): Promise<RealNovaInstallation> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', PROBE], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        const missingPython = (error as NodeJS.ErrnoException).code === 'ENOENT';
        const detail = missingPython ? `${python} does not exist` : String(stderr).trim().split('\n').pop() ?? error.message;
        reject(
          new MvmError(ERROR_CODES.PREREQUISITE, `the real Nova API (Debian python3-nova) is not usable: ${detail}`, {
            where: python,
            hint: INSTALL_HINT,
            cause: error,
          }),
        );
        return;
      }
      const novaVersion = String(stdout).trim();
      const release = NOVA_RELEASES.find((r) => r.novaMajor === Number(novaVersion.split('.')[0]));
      const apiPaste = process.env['MVMATRIX_API_PASTE'] ?? hostApiPastePath(novaVersion);
      if (!release || !existsSync(apiPaste)) {
        reject(
          new MvmError(ERROR_CODES.PREREQUISITE, release ? `nova-common's api-paste.ini of Nova ${novaVersion} is missing (${apiPaste})` : `Nova ${novaVersion} is not a release mvmatrix knows`, {
            where: python,
            hint: INSTALL_HINT,
          }),
        );
        return;
      }
      resolve({ python, novaVersion, release, apiPaste });
    });
  });
}

/** Cheap synchronous-ish guard for tests: true when the probe succeeds. */
export async function isRealNovaInstalled(python: string = SYSTEM_PYTHON): Promise<boolean> {
  try {
    await checkRealNova(python);
    return true;
  } catch {
    return false;
  }
}

/**
 * For test suites: `undefined` when they must run (python3-nova present, or `CI=true`, where a
 * missing prerequisite has to fail loudly), else the one line saying why they skip.
 */
export async function realNovaSkipReason(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  if (env['CI'] === 'true') return undefined;
  if (await isRealNovaInstalled()) return undefined;
  return `skipped: python3-nova is not installed (${INSTALL_HINT})`;
}
