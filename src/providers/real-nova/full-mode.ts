/**
 * The full control-plane mode of the real-Nova harness (`python/full/`): can this Python run
 * it, and the one control call only the full mode has (run migrations to their end state).
 * The launcher starts it (`startRealNova({ full: true })`); docs/real-nova-full.md explains it.
 */
import { execFile } from 'node:child_process';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { describeNetworkError } from '../../http/network-error.js';
import type { HarnessProfile } from './debian-releases.js';
import { SYSTEM_PYTHON } from './prerequisites.js';
import type { ReadyLine } from './ready-line.js';

/** How the real Nova runs: the API alone, or the whole control plane (harness modes `api` and `full`). */
export type HarnessMode = 'api-only' | 'full';

/**
 * What the full mode changes in every release's harness profile: Nova's functional-test base
 * patches eventlet in every release Debian ships (2026.1's nova/tests/functional/__init__.py
 * calls monkey_patch.patch() with the eventlet default), so the control plane runs on green
 * threads even where the API alone runs on native ones.
 */
export const FULL_MODE_PROFILE: Partial<HarnessProfile> = Object.freeze({ server: 'eventlet' });

/** The mode a started harness really runs, from its ready line (`full`, or `api` = API only). */
export function harnessModeOf(ready: Pick<ReadyLine, 'mode'>): HarnessMode {
  return ready.mode === 'full' ? 'full' : 'api-only';
}

/**
 * Fresh servers the runner may have waiting at once in full mode. The harness keeps the newest 48
 * (python/full/world.py FRESH_SERVER_CAP) and deletes older ones, so a wave of cells must stay
 * below that: without it, cells whose server was created early found it deleted (404).
 */
export const FULL_MODE_FRESH_SERVER_CAP = 40;

/** Debian packages the full mode needs beside python3-nova (Nova's functional-test fixtures import them). */
export const FULL_MODE_PACKAGES = ['python3-placement', 'python3-wsgi-intercept', 'python3-oslotest'] as const;

export const FULL_MODE_INSTALL_HINT = `apt-get install -y --no-install-recommends ${FULL_MODE_PACKAGES.join(' ')} (scripts/install-real-nova.sh does it)`;

/**
 * What the full mode imports from the installed Nova: its functional-test base for the libvirt
 * driver, the fake libvirt, Placement's fixture and wsgi-intercept. The first import that fails
 * is the reason the release cannot run it.
 */
const PROBE = [
  'import sys',
  'try:',
  '    import mock',
  'except ImportError:',
  '    import unittest.mock',
  '    sys.modules["mock"] = unittest.mock',
  'for name in ("nova.tests.functional.libvirt.base", "nova.tests.functional.fixtures",',
  '             "placement.tests.functional.fixtures.placement",',
  '             "wsgi_intercept", "oslotest.base"):',
  '    try:',
  '        __import__(name)',
  '    except Exception as exc:',
  '        print("cannot import %s: %s: %s" % (name, type(exc).__name__, exc))',
  '        sys.exit(0)',
  'from nova.tests.functional.libvirt.base import ServersTestBase',
  'missing = [m for m in ("start_service", "_get_connection", "flags") if not hasattr(ServersTestBase, m)]',
  'print("ServersTestBase lacks %s" % ", ".join(missing) if missing else "ok")',
].join('\n');

export type FullModeAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/** Whether `python` can run the full mode; `reason` says exactly what is missing when not. */
export function checkFullMode(python: string = SYSTEM_PYTHON): Promise<FullModeAvailability> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE], { timeout: 120_000 }, (error, stdout, stderr) => {
      const line = String(stdout).trim().split('\n').pop() ?? '';
      if (!error && line === 'ok') resolve({ available: true });
      else resolve({ available: false, reason: error ? String(stderr).trim().split('\n').pop() || error.message : line });
    });
  });
}

/** Throws PREREQUISITE when the full mode cannot run, naming what is missing and how to install it. */
export async function requireFullMode(python: string = SYSTEM_PYTHON): Promise<void> {
  const availability = await checkFullMode(python);
  if (!availability.available) {
    throw new MvmError(ERROR_CODES.PREREQUISITE, `the real Nova's full control plane cannot run: ${availability.reason}`, {
      where: python,
      hint: FULL_MODE_INSTALL_HINT,
    });
  }
}

/** One live migration as the settle call reports it. */
export interface SettledMigration {
  readonly id: number;
  readonly server: string;
  readonly status: string;
}

/**
 * `POST <root>_mvmatrix/migrations/settle`: runs the live migrations of `serverId` (or of every
 * server) to their end state and returns them. The emulator answers the same route.
 */
export async function settleMigrations(
  root: string,
  serverId?: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 30_000,
): Promise<SettledMigration[]> {
  const url = `${root}_mvmatrix/migrations/settle`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(serverId === undefined ? {} : { server: serverId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova harness did not answer POST ${url}: ${describeNetworkError(error)}`, { cause: error });
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new MvmError(ERROR_CODES.PROVIDER, `settling the live migrations${serverId ? ` of ${serverId}` : ''} failed: ${response.status} ${text.slice(0, 300)}`);
  }
  return (JSON.parse(text) as { migrations: SettledMigration[] }).migrations;
}

/**
 * For test suites: `undefined` when the full-mode suites must run (python3-nova and the
 * functional-test packages present, or `CI=true`, where a missing prerequisite must fail), else
 * the one line saying why they skip.
 */
export async function fullModeSkipReason(env: Readonly<Record<string, string | undefined>>, python: string = SYSTEM_PYTHON): Promise<string | undefined> {
  if (env['CI'] === 'true') return undefined;
  const availability = await checkFullMode(python);
  return availability.available ? undefined : `skipped: the real Nova's full control plane cannot run (${availability.reason}; ${FULL_MODE_INSTALL_HINT})`;
}
