/**
 * `mvmatrix request`: prints the live-migration request a client profile sends for an
 * intent against a server version range (or the client's refusal); `--batch` does the same
 * for one intent per JSONL line in one process; `--list-profiles` lists the profiles.
 */
import type { Command } from 'commander';
import { buildLiveMigration, CLIENT_DEFAULT, discoverVersionRange, getProfile, listProfiles } from '../../clients/index.js';
import type { ClientProfile, DiscoveredRange, LiveMigrationIntent, ProfileBuildResult } from '../../clients/index.js';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { readInputFileSync } from '../../fs/bounded-read.js';
import { compareMicroversions, tryParseMicroversion } from '../../microversion/version.js';
import type { CliIo } from '../io.js';
import { normalizeHeaders } from '../../http/message.js';

const BATCH_LINE =
  'one intent per line: {"profile","serverMin","serverMax" (null = no range) or "versionStatus": 401 with "computeUrl","host","blockMigration","diskOverCommit","force","serverId"}';

/** The server id used in paths unless `--server-id` / `"serverId"` says otherwise. */
export const DEFAULT_SERVER_ID = '9b6f3ad5-2c34-4d0e-9c3b-6d61a2f4c001';

interface RequestOptions {
  profile?: string;
  serverMax?: string;
  serverMin: string;
  host?: string | boolean;
  blockMigration: string;
  diskOverCommit: string;
  force?: string;
  serverId: string;
  json?: boolean;
  batch?: string;
  listProfiles?: boolean;
}

type Fail = (message: string, hint?: string) => never;

function usage(flag: string): Fail {
  return (message, hint) => {
    throw new MvmError(ERROR_CODES.USAGE, message, { where: flag, ...(hint === undefined ? {} : { hint }) });
  };
}

/** `--server-min`/`--server-max` → a discovered range; `none` = discovery gave no range. */
export function rangeFrom(min: unknown, max: unknown, failMin: Fail, failMax: Fail): DiscoveredRange {
  if (max === null || max === 'none') return { kind: 'none', reason: 'no version range (server max given as none)' };
  if (typeof max !== 'string') return failMax('a server maximum microversion is required', 'for example 2.93, or none for "discovery gave no range"');
  const maxV = tryParseMicroversion(max);
  if (!maxV) return failMax(`'${max}' is not a microversion`, 'write it as 2.MINOR, e.g. 2.93, or none');
  const minText = min === undefined || min === null ? '2.1' : min;
  if (typeof minText !== 'string') return failMin('the server minimum must be a microversion string');
  const minV = tryParseMicroversion(minText);
  if (!minV) return failMin(`'${minText}' is not a microversion`, 'write it as 2.MINOR, e.g. 2.1');
  if (compareMicroversions(minV, maxV) > 0) return failMin(`the server minimum ${minText} is above its maximum ${max}`);
  return { kind: 'range', min: minV, max: maxV };
}

/** An option's value: true, false, `default` (left at the client's default) and, for block migration, `auto`. */
function parseOption<Auto extends boolean>(value: unknown, fail: Fail, allowAuto: Auto): boolean | 'default' | (Auto extends true ? 'auto' : never) {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (value === CLIENT_DEFAULT) return CLIENT_DEFAULT;
  if (allowAuto && value === 'auto') return 'auto' as Auto extends true ? 'auto' : never;
  return fail(`'${String(value)}' is not ${allowAuto ? 'true, false, auto or default' : 'true, false or default'}`);
}

function parseForce(value: unknown, fail: Fail): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  const force = parseOption(value, fail, false);
  return force === CLIENT_DEFAULT ? undefined : force;
}

/** The `--json` / batch shape: the request with lower-case header names (and the client's warnings, if any), or the refusal. */
export function resultJson(result: ProfileBuildResult): Record<string, unknown> {
  if (result.kind === 'refused') return { refused: result.message };
  const { method, path, headers, body } = result.request;
  return { method, path, headers: normalizeHeaders(headers), body, ...(result.warnings?.length ? { warnings: result.warnings } : {}) };
}

function resultText(result: ProfileBuildResult): string {
  if (result.kind === 'refused') return `refused: ${result.message}\n`;
  const { method, path, headers, body } = result.request;
  const lines = [`${method} ${path}`, ...Object.entries(headers).map(([n, v]) => `${n.toLowerCase()}: ${v}`)];
  lines.push(`(microversion: ${result.microversion ?? 'none sent, the server uses 2.1'})`, '', JSON.stringify(body, null, 2));
  return `${lines.join('\n')}\n`;
}

function single(options: RequestOptions, io: CliIo): void {
  if (options.profile === undefined) usage('--profile')('--profile is required', 'list them with mvmatrix request --list-profiles');
  const profile = getProfile(options.profile as string);
  const discovered = rangeFrom(options.serverMin, options.serverMax, usage('--server-min'), usage('--server-max'));
  const intent: LiveMigrationIntent = {
    host: typeof options.host === 'string' ? options.host : null,
    blockMigration: parseOption(options.blockMigration, usage('--block-migration'), true),
    diskOverCommit: parseOption(options.diskOverCommit, usage('--disk-over-commit'), false),
    force: parseForce(options.force, usage('--force')),
  };
  if (options.host === '') usage('--host')('the host name is empty', 'use --no-host to let the scheduler choose');
  const result = buildLiveMigration(profile, intent, discovered, options.serverId);
  for (const warning of result.warnings ?? []) io.stderr(`warning: ${warning}\n`);
  io.stdout(options.json ? `${JSON.stringify(resultJson(result))}\n` : resultText(result));
}

/** Where a batch line's discovery met a 401 unless it names its endpoint. */
export const DEFAULT_COMPUTE_URL = 'http://nova.example:8774/v2.1';

/**
 * A batch line's discovered range: `serverMax` (null = no range), or with `"versionStatus":
 * 401` what the profile's own discovery procedure makes of a 401 at `computeUrl`.
 */
async function batchRange(profile: ClientProfile, o: Record<string, unknown>, fail: Fail): Promise<DiscoveredRange> {
  if (o['versionStatus'] === undefined) return rangeFrom(o['serverMin'], o['serverMax'], (m) => fail(`serverMin: ${m}`), (m) => fail(`serverMax: ${m}`));
  if (o['versionStatus'] !== 401) return fail('"versionStatus" can only be 401 (the version document answered 401)');
  const url = o['computeUrl'] ?? DEFAULT_COMPUTE_URL;
  if (typeof url !== 'string') return fail('"computeUrl" must be a string');
  return discoverVersionRange(profile, url, () => Promise.resolve({ status: 401, body: '' }));
}

async function batch(file: string, io: CliIo): Promise<void> {
  const text = readInputFileSync(file, 'requests');
  const out: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const where = `${file}:${index + 1}`;
    const fail: Fail = (message, hint) => {
      throw new MvmError(ERROR_CODES.INVALID_INPUT, message, { where, ...(hint === undefined ? {} : { hint }) });
    };
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      return fail('not a JSON object', BATCH_LINE);
    }
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return fail('not a JSON object');
    const o = line as Record<string, unknown>;
    if (typeof o['profile'] !== 'string') return fail('"profile" must be a string');
    let profile;
    try {
      profile = getProfile(o['profile']);
    } catch (error) {
      return fail((error as Error).message, 'mvmatrix request --list-profiles lists them');
    }
    const discovered = await batchRange(profile, o, fail);
    const host = o['host'];
    if (host !== null && host !== undefined && (typeof host !== 'string' || host === '')) return fail('"host" must be a non-empty string or null');
    const intent: LiveMigrationIntent = {
      host: typeof host === 'string' ? host : null,
      blockMigration: parseOption(o['blockMigration'] ?? CLIENT_DEFAULT, (m) => fail(`blockMigration: ${m}`), true),
      diskOverCommit: parseOption(o['diskOverCommit'] ?? CLIENT_DEFAULT, (m) => fail(`diskOverCommit: ${m}`), false),
      force: parseForce(o['force'], (m) => fail(`force: ${m}`)),
    };
    const serverId = typeof o['serverId'] === 'string' ? o['serverId'] : DEFAULT_SERVER_ID;
    out.push(JSON.stringify(resultJson(buildLiveMigration(profile, intent, discovered, serverId))));
  }
  io.stdout(out.length === 0 ? '' : `${out.join('\n')}\n`);
}

function list(json: boolean, io: CliIo): void {
  const profiles = listProfiles();
  if (json) {
    io.stdout(`${JSON.stringify(profiles)}\n`);
    return;
  }
  const lines: string[] = [];
  for (const p of profiles) {
    const pin = p.microversionPin === null ? '' : `, pinned to ${p.microversionPin}`;
    const suites = p.debianSuites.length > 0 ? ` (Debian ${p.debianSuites.join(', ')})` : '';
    lines.push(`${p.id}  ${p.client} ${p.clientVersion}${pin}${suites}${p.takesForce ? '  [takes force]' : ''}`);
    if (p.aliases.length > 0) lines.push(`  also: ${p.aliases.join(', ')}`);
    lines.push(`  ${p.behaviour}`);
    for (const m of p.models) lines.push(`  models ${m.project} ${m.version}: ${m.file}`);
  }
  lines.push(
    '',
    'Ids: <client>[@<release>][+mv<microversion>]; no release = the newest. novaclient and openstackclient take any pinned',
    '2.x microversion (+mv2.53); the old novaclient@2.53 means novaclient@<newest>+mv2.53 (docs/request-builders.md).',
    'The real code instead of a model (mvmatrix run --profile): <client>@installed, @venv:<dir>, @src:<dir> or',
    '@image:<image> for horizon, novaclient, openstacksdk and openstackclient (docs/drivers.md).',
  );
  io.stdout(`${lines.join('\n')}\n`);
}

export function registerRequest(program: Command, io: CliIo): Command {
  return program
    .command('request')
    .description('Print the live-migration request a client profile sends (or its refusal)')
    .option('--profile <id>', 'client profile (see --list-profiles)')
    .option('--server-max <v>', "server's maximum microversion, or none (discovery gave no range)")
    .option('--server-min <v>', "server's minimum microversion", '2.1')
    .option('--host <name>', 'destination host')
    .option('--no-host', 'let the scheduler choose (default)')
    .option('--block-migration <mode>', 'true, false, auto or default (left at the client\'s default)', CLIENT_DEFAULT)
    .option('--disk-over-commit <mode>', 'true, false or default', CLIENT_DEFAULT)
    .option('--force <mode>', 'true, false or default (unset)')
    .option('--server-id <id>', 'server id used in the path', DEFAULT_SERVER_ID)
    .option('--json', 'one JSON object: {method, path, headers, body} or {refused}')
    .option('--batch <file.jsonl>', 'one intent per line; one JSON result per line')
    .option('--list-profiles', 'list the profiles and the code each models')
    .action((options: RequestOptions) => {
      if (options.listProfiles) return list(Boolean(options.json), io);
      if (options.batch !== undefined) return batch(options.batch, io);
      return single(options, io);
    });
}
