/**
 * Every CLI command, declared cheaply: its name and one-line description (what `mvmatrix --help`
 * lists) and how to load it. A command's module — its options, its implementation and every
 * dependency — is imported only when that command runs (or its own help is asked for), so
 * `mvmatrix --help` loads none of them and `mvmatrix serve` loads only serve's.
 *
 * Adding a command: one entry here; the module exports `register<Name>(program, io)`, whose
 * `.description(...)` must equal the entry's (test/unit/cli/command-loading.test.ts checks).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export type RegisterCommand = (program: Command, io: CliIo) => Command;

export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  /** How the command reads in the command list; default `<name> [options]`. */
  readonly term?: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    description: 'Serve a Nova endpoint on loopback: the emulator (default), a real Nova, or a replayed cassette',
    load: async () => (await import('./serve.js')).registerServe,
  },
  {
    name: 'request',
    description: 'Print the live-migration request a client profile sends (or its refusal)',
    load: async () => (await import('./request.js')).registerRequest,
  },
  {
    name: 'record',
    description: 'Record the answers of a Nova (real or not) to a request set, or to a matrix run, into a cassette file',
    load: async () => (await import('./record.js')).registerRecord,
  },
  {
    name: 'report',
    description: 'Re-render the reports (matrix.md, matrix.html, junit.xml, summary.md) from a matrix.json',
    load: async () => (await import('./report.js')).registerReport,
  },
  {
    name: 'run',
    description: 'Run a compatibility matrix and write reports/matrix.json (and the gate, with --baseline)',
    load: async () => (await import('./run.js')).registerRun,
  },
  {
    name: 'check',
    description: 'Compare a matrix result with a committed baseline (the CI gate)',
    load: async () => (await import('./check.js')).registerCheck,
  },
  {
    name: 'diff',
    description: 'What changed between two matrix results, or two profiles of one: better, worse, changed meaning, grouped into findings',
    term: 'diff [options] [results...]',
    load: async () => (await import('./diff.js')).registerDiff,
  },
  {
    name: 'pact',
    description: 'Write Pact V4 consumer pacts for the contract subset of a matrix (contracts/pacts/)',
    load: async () => (await import('./pact.js')).registerPact,
  },
  {
    name: 'verify',
    description: "Verify the pacts (contracts/pacts/) against the emulator, the replay cassettes and the real Nova with Pact's verifier",
    load: async () => (await import('./verify.js')).registerVerify,
  },
  {
    name: 'can-i-deploy',
    description: 'Can this client version meet this Nova? Answered from local Pact verification results (no broker)',
    load: async () => (await import('./can-i-deploy.js')).registerCanIDeploy,
  },
  {
    name: 'nova',
    description: 'Real Nova releases from Debian, in containers',
    term: 'nova <command>',
    load: async () => (await import('./nova.js')).registerNova,
  },
];

/**
 * The command `argv` runs, if any: the first argument (the program itself has no options that
 * take values), or the one `help <command>` asks about.
 */
export function commandFor(argv: readonly string[]): CommandEntry | undefined {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  return COMMANDS.find((entry) => entry.name === name);
}
