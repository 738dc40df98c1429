/** Every CLI command; each module owns one command. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerServe } from './serve.js';

export type RegisterCommand = (program: Command, io: CliIo) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerServe];
