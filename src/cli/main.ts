/**
 * The `mvmatrix` command line. Each command lives in `commands/<name>.ts` and registers
 * itself, loaded only when it runs (`commands/index.ts`); this file alone maps errors to exit
 * codes (see README "Exit codes").
 */
import { Command, CommanderError, Help } from 'commander';
import { EXIT_CODES, exitCodeFor, isMvmError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';
import { installInterruptCleanup } from './interrupts.js';
import { outputRedactor } from './redact-output.js';
import { COMMANDS, commandFor } from './commands/index.js';

export interface MainOptions {
  env?: Readonly<Record<string, string | undefined>>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  isTTY?: boolean;
}

const EXIT_CODE_HELP = `
Exit codes:
  0  success (for run/check: the gate passed)
  1  the compatibility gate failed (a cell got worse than the baseline)
  2  usage error, or an invalid matrix, world, cassette or baseline file
  3  provider or infrastructure error (a Nova could not be started or reached or failed
     partway, a write failed)
  130/143  interrupted by SIGINT/SIGTERM (temporary files removed)`;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  let pending: Promise<number> | undefined;
  const env = options.env ?? process.env;
  // Nothing printed may carry a credential given on the command line or in the environment.
  const redact = outputRedactor(argv, env);
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const io: CliIo = {
    env,
    stdout: (text) => stdout(redact(text)),
    stderr: (text) => stderr(redact(text)),
    isTTY: options.isTTY ?? Boolean(process.stdout.isTTY),
    keepAlive(until) {
      pending = until;
    },
  };

  const program = new Command('mvmatrix')
    .description('Which live-migration requests work against which Nova releases and microversions.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODE_HELP)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  // Only the command that runs is loaded; the others are listed by name and description.
  const wanted = commandFor(argv);
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    const command = entry === wanted ? (await entry.load())(program, io) : program.command(entry.name).description(entry.description);
    terms.set(entry.name, entry.term ?? `${entry.name} [options]`);
    command.exitOverride().addHelpText('after', EXIT_CODE_HELP).configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  program.configureHelp({
    subcommandTerm(this: Help, command: Command): string {
      return terms.get(command.name()) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });

  // Commands that write files remove their temporary files on SIGINT/SIGTERM (serve has its own handlers).
  const uninstall = argv[0] === 'serve' ? undefined : installInterruptCleanup(io.stderr);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (pending) return await pending;
    return process.exitCode === undefined ? EXIT_CODES.OK : Number(process.exitCode);
  } catch (error) {
    return reportError(error, io, argv, program);
  } finally {
    uninstall?.();
  }
}

function reportError(error: unknown, io: CliIo, argv: readonly string[], program: Command): number {
  if (error instanceof CommanderError) {
    // Help and --version asked for end with 0; help shown because no (known) command was given,
    // and anything else commander rejects, is a usage error.
    if (error.exitCode === 0) return EXIT_CODES.OK;
    if (error.code === 'commander.help') {
      const asked = argv[0] === 'help' ? argv[1] : undefined;
      const known = program.commands.some((c) => c.name() === asked);
      io.stderr(asked !== undefined && !known ? `error: unknown command '${asked}'\n` : 'error: no command given\n');
    }
    return EXIT_CODES.USAGE;
  }
  if (isMvmError(error)) {
    io.stderr(`${error.format()}\n`);
    return exitCodeFor(error.code);
  }
  io.stderr(`error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_CODES.INFRASTRUCTURE;
}
