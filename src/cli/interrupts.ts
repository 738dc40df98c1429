/**
 * What a command that writes files does on SIGINT, SIGTERM or SIGHUP: remove the temporary
 * files of atomic writes in flight (so no `.matrix.json.*.tmp` is left behind and no output is
 * half-written: each is either the previous file or the new one), say so on stderr, and exit
 * with 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as a shell would report.
 */
import { constants } from 'node:os';
import { removeTemporaryFilesSync } from '../fs/temp-files.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The exit code for a signal: 128 + its number. */
export function signalExitCode(signal: (typeof SIGNALS)[number]): number {
  return 128 + constants.signals[signal];
}

/** Installs the handlers; returns a function that removes them again. */
export function installInterruptCleanup(write: (text: string) => void, exit: (code: number) => never = process.exit): () => void {
  const handler = (signal: (typeof SIGNALS)[number]): void => {
    const removed = removeTemporaryFilesSync();
    const code = signalExitCode(signal);
    write(`mvmatrix: ${signal} received; stopped (exit ${code})${removed > 0 ? `, removed ${removed} temporary file(s)` : ''}; every output file is either the previous one or complete\n`);
    exit(code);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
