/**
 * `mvmatrix serve`: runs a Nova endpoint on loopback until SIGINT/SIGTERM — the embedded
 * emulator (default), a real Nova (`--real-nova`) or a recorded cassette (`--replay`).
 * The first stdout line is always the endpoint root URL, so scripts can read it.
 */
import { isIP } from 'node:net';
import { Command } from 'commander';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { NOVA_RELEASES } from '../../microversion/releases.js';
import { startEmulatorServer } from '../../nova/adapters/node-server.js';
import { createEmulator } from '../../nova/emulator.js';
import { describeTarget, resolveTarget, type NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import { formatMicroversion } from '../../microversion/version.js';
import { findDebianNova } from '../../providers/real-nova/debian-releases.js';
import type { CliIo } from '../io.js';

/** Project of the default world; tokens are `<user>:<project>`. */
const DEFAULT_PROJECT_ID = DEFAULT_WORLD.projectId;

interface ServeFlags {
  port: string;
  bind: string;
  release?: string;
  maxVersion?: string;
  world?: string;
  realNova?: boolean;
  full?: boolean;
  replay?: string;
}

/** What every backend returns: a root URL and a way to stop. */
interface RunningEndpoint {
  readonly url: string;
  /** The emulated project, for the token hint. */
  readonly projectId?: string;
  close(): Promise<void>;
}

/** The newest released Nova: what `serve` emulates when no target is given. */
const DEFAULT_RELEASE = [...NOVA_RELEASES].reverse().find((r) => r.released) ?? NOVA_RELEASES[NOVA_RELEASES.length - 1]!;

export function registerServe(program: Command, io: CliIo): Command {
  return program
    .command('serve')
    .description('Serve a Nova endpoint on loopback: the emulator (default), a real Nova, or a replayed cassette')
    .option('--port <port>', 'TCP port; 0 picks a free one', '8774')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--release <name>', `emulate this release at its maximum microversion (default: ${DEFAULT_RELEASE.name}); also accepts <release>@<cap>`)
    .option('--max-version <version>', 'emulate a Nova whose maximum microversion is <version> (behaves as the first release reaching it)')
    .option('--world <file>', 'YAML world file (hosts, servers, project) instead of the default world')
    .option('--real-nova', "run the real Nova API of a Debian release (--release: victoria, zed, epoxy, gazpacho, hibiscus; default zed) in a container instead of the emulator")
    .option('--full', 'with --real-nova: the whole control plane (conductor, scheduler, Placement, a libvirt compute per world host over fake libvirt); adds POST _mvmatrix/migrations/settle')
    .option('--replay <cassette>', 'answer from a recorded cassette instead of the emulator')
    .addHelpText(
      'after',
      `
The first line on stdout is the endpoint root URL (e.g. http://127.0.0.1:8774/).
The emulator serves the chosen target at / and any other target at /@<target>/:
  /@mitaka/v2.1/...   /@2.47/v2.1/...   /@zed@2.60/v2.1/...
Auth is noauth2 style: X-Auth-Token: admin:${DEFAULT_PROJECT_ID} (admin)
or member:${DEFAULT_PROJECT_ID} (non-admin).
Control API (under each target prefix; the real Nova has the same routes, but its clock
cannot be moved):
  POST _mvmatrix/servers {"template":"active"}   POST _mvmatrix/clock {"advance":60}
  POST _mvmatrix/reset                          GET  _mvmatrix/world
  POST _mvmatrix/migrations/settle {"server":"<id>"} (runs live migrations to their end)
--real-nova --full runs the real conductor, scheduler, Placement and libvirt computes too:
live migrations really happen (held at "running" until settled; docs/real-nova-full.md).
--real-nova --release <name> starts that real Nova in a container of its image (built on
first use from Debian's mirror: needs Docker, and root for the build); without Docker,
--real-nova --release zed falls back to the host's python3-nova.
Stops cleanly (exit 0) on SIGINT or SIGTERM.`,
    )
    .action(async (flags: ServeFlags) => {
      const plan = decodeFlags(flags);
      const endpoint = await startBackend(plan, (line) => io.stderr(`${line}\n`));
      const url = endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`;
      // Handlers first: whoever reads the URL may signal at once, and a signal that arrives
      // before they exist would kill the process with no cleanup.
      const stopped = untilSignal(endpoint, io);
      io.stdout(`${url}\n`);
      for (const line of describeEndpoint(plan, url, endpoint.projectId)) io.stderr(`${line}\n`);
      io.keepAlive(stopped);
    });
}

type Backend =
  | { readonly kind: 'emulator'; readonly target: NovaTarget; readonly world: string | undefined }
  | { readonly kind: 'real-nova'; readonly release: string; readonly full: boolean }
  | { readonly kind: 'replay'; readonly cassettePath: string };

interface ServePlan {
  readonly port: number;
  readonly bind: string;
  readonly backend: Backend;
}

/** Decodes the flags into a plan, or a usage error naming the flag. */
function decodeFlags(flags: ServeFlags): ServePlan {
  const port = decodePort(flags.port);
  const bind = flags.bind.trim();
  if (bind === '') throw new MvmError(ERROR_CODES.USAGE, 'the bind address is empty', { where: '--bind' });
  if (isIP(bind) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(bind)) {
    throw new MvmError(ERROR_CODES.USAGE, `'${flags.bind}' is not an IP address or host name`, { where: '--bind', hint: 'e.g. 127.0.0.1 (the default), ::1 or 0.0.0.0' });
  }
  if (/^\d+(\.\d+){3}$/.test(bind) && isIP(bind) === 0) {
    throw new MvmError(ERROR_CODES.USAGE, `'${flags.bind}' is not an IPv4 address`, { where: '--bind', hint: 'e.g. 127.0.0.1 (the default) or 0.0.0.0' });
  }
  if (flags.release !== undefined && flags.maxVersion !== undefined) {
    throw new MvmError(ERROR_CODES.USAGE, '--release and --max-version are mutually exclusive', {
      where: '--release/--max-version',
      hint: 'give one of them; --release zed@2.60 combines a release with a lower cap',
    });
  }
  if (flags.full === true && !flags.realNova) {
    throw new MvmError(ERROR_CODES.USAGE, '--full runs the whole control plane of --real-nova', { where: '--full', hint: 'add --real-nova, or leave --full out' });
  }
  if (flags.realNova && flags.replay !== undefined) {
    throw new MvmError(ERROR_CODES.USAGE, '--real-nova and --replay are mutually exclusive', { where: '--real-nova/--replay' });
  }
  const emulatorOnly: Array<[string, unknown]> = [
    ['--release', flags.realNova ? undefined : flags.release],
    ['--max-version', flags.maxVersion],
    ['--world', flags.world],
  ];
  if (flags.realNova || flags.replay !== undefined) {
    const other = flags.realNova ? '--real-nova' : '--replay';
    const clash = emulatorOnly.find(([, value]) => value !== undefined);
    if (clash) {
      throw new MvmError(ERROR_CODES.USAGE, `${clash[0]} configures the emulator and cannot be combined with ${other}`, { where: clash[0] });
    }
    if (flags.realNova && bind !== '127.0.0.1') {
      throw new MvmError(ERROR_CODES.USAGE, 'the real Nova listens on 127.0.0.1 only (its noauth2 makes every caller an admin)', { where: '--bind' });
    }
    return flags.realNova
      ? { port, bind, backend: { kind: 'real-nova', release: findDebianNova(flags.release ?? 'zed', '--release').suite, full: flags.full === true } }
      : { port, bind, backend: { kind: 'replay', cassettePath: flags.replay! } };
  }
  const target =
    flags.maxVersion !== undefined
      ? decodeMaxVersion(flags.maxVersion)
      : resolveTarget(flags.release ?? DEFAULT_RELEASE.name, '--release');
  return { port, bind, backend: { kind: 'emulator', target, world: flags.world } };
}

function decodePort(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new MvmError(ERROR_CODES.USAGE, `'${text}' is not a TCP port`, { where: '--port', hint: 'use 0..65535 (0 picks a free port)' });
  }
  return port;
}

function decodeMaxVersion(text: string): NovaTarget {
  // Only a plain microversion here; release names belong to --release.
  if (!/^\s*\d+\.\d+\s*$/.test(text)) {
    throw new MvmError(ERROR_CODES.INVALID_MICROVERSION, `'${text}' is not a microversion (MajorNum.MinorNum)`, {
      where: '--max-version',
      hint: 'e.g. --max-version 2.47; use --release for release names',
    });
  }
  return resolveTarget(text, '--max-version');
}

async function startBackend(plan: ServePlan, onProgress: (line: string) => void): Promise<RunningEndpoint> {
  const { port, bind, backend } = plan;
  switch (backend.kind) {
    case 'emulator': {
      // The YAML reader only when a world file is given: serve starts faster without it.
      const world = backend.world === undefined ? undefined : (await import('../../nova/world-file.js')).loadWorld(backend.world);
      const emulator = createEmulator(world === undefined ? {} : { world });
      const server = await startEmulatorServer({ port, bind, defaultTarget: backend.target, emulator });
      return { url: server.url, projectId: world?.projectId ?? DEFAULT_PROJECT_ID, close: () => server.close() };
    }
    case 'real-nova': {
      const { launchRealNova } = await import('../../providers/real-nova/real-nova-provider.js');
      return launchRealNova(findDebianNova(backend.release), { port, full: backend.full, onProgress: (line) => onProgress(`${backend.release}: ${line}`) });
    }
    case 'replay': {
      const start = await importProvider('../../providers/replay/replay-server.js', 'startReplayServer', '--replay');
      return (await start({ cassettePath: backend.cassettePath, port, bind })) as RunningEndpoint;
    }
  }
}

/**
 * Loads an optional backend lazily so `serve` keeps working for the emulator even when that
 * backend's module is missing or broken.
 */
async function importProvider(relative: string, exportName: string, flag: string): Promise<(options: object) => Promise<unknown>> {
  const specifier = new URL(relative, import.meta.url).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new MvmError(ERROR_CODES.PROVIDER, `the ${flag} backend is not available in this build (${relative} failed to load)`, {
      where: flag,
      cause: error,
      hint: error instanceof Error ? error.message : String(error),
    });
  }
  const start = module[exportName];
  if (typeof start !== 'function') {
    throw new MvmError(ERROR_CODES.PROVIDER, `the ${flag} backend does not export ${exportName}()`, { where: flag });
  }
  return start as (options: object) => Promise<unknown>;
}

function describeEndpoint(plan: ServePlan, url: string, project = DEFAULT_PROJECT_ID): string[] {
  const { backend } = plan;
  switch (backend.kind) {
    case 'emulator':
      return [
        `mvmatrix: Nova emulator serving ${describeTarget(backend.target)} at ${url}${backend.world ? ` (world: ${backend.world})` : ''}`,
        `  other targets: ${url}@<target>/ e.g. ${url}@mitaka/v2.1/, ${url}@2.47/, ${url}@zed@2.60/`,
        `  auth: X-Auth-Token: admin:${project} (admin) or member:${project} (non-admin)`,
        `  control API: POST ${url}_mvmatrix/servers {"template":"active"} (see --help)`,
        '  stop with Ctrl-C (SIGINT) or SIGTERM',
      ];
    case 'real-nova': {
      const nova = findDebianNova(backend.release);
      return [
        `mvmatrix: real Nova ${nova.release.title} (Debian ${nova.suite} python3-nova, max ${formatMicroversion(nova.release.maxMicroversion)}${backend.full ? ', full control plane' : ''}) at ${url}`,
        `  auth: X-Auth-Token: admin:${project} (admin) or member:${project} (non-admin)`,
        `  control API: POST ${url}_mvmatrix/servers {"template":"active"} (see --help)`,
        '  stop with Ctrl-C (SIGINT) or SIGTERM',
      ];
    }
    case 'replay':
      return [`mvmatrix: replaying ${backend.cassettePath} at ${url}`, '  stop with Ctrl-C (SIGINT) or SIGTERM'];
  }
}

/** Resolves with exit code 0 once a signal arrived and the endpoint is closed (3 if closing failed). */
function untilSignal(endpoint: RunningEndpoint, io: CliIo): Promise<number> {
  return new Promise<number>((resolve) => {
    // A real Nova in a container holds no handle in this process (its socket is the
    // container's): without this, Node would find nothing left to do and exit at once.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    const stop = (signal: NodeJS.Signals): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stderr(`mvmatrix: ${signal} received, stopping\n`);
      endpoint.close().then(
        () => resolve(0),
        (error: unknown) => {
          io.stderr(`error: stopping the endpoint failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(3);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
