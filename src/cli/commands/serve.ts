import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** `mvmatrix serve`: placeholder until the emulator's HTTP adapter lands. */
export function registerServe(program: Command, _io: CliIo): Command {
  return program.command('serve').description('Serve the Nova emulator (not yet implemented)');
}
