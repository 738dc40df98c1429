/** Every CLI command; each module owns one command. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerServe } from './serve.js';
import { registerRequest } from './request.js';
import { registerRecord } from './record.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';

export type RegisterCommand = (program: Command, io: CliIo) => Command;

export const COMMANDS: readonly RegisterCommand[] = [registerServe, registerRequest, registerRecord, registerReport, registerRun, registerCheck, registerDiff];
