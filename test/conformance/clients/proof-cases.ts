/**
 * The cases of the client proof: for each client family at a release, every intent × every
 * server range (capture mode) × every pinned microversion, with the call the Python driver
 * makes for it and the `mvmatrix request --batch` line that must reproduce it. The order is
 * fixed: fixtures store results by position (and the sha256 of the keys, to notice drift).
 */
import { createHash } from 'node:crypto';
import { CLIENT_DEFAULT, getProfile, openstackclientArgv } from '../../../src/clients/index.js';
import type { LiveMigrationIntent } from '../../../src/clients/index.js';
import { parseMicroversion } from '../../../src/microversion/version.js';
import type { CaptureMode } from './capture-server.js';

export type ProofClient = 'novaclient' | 'openstacksdk' | 'openstackclient' | 'horizon';
export const PROOF_CLIENTS: readonly ProofClient[] = ['novaclient', 'openstacksdk', 'openstackclient', 'horizon'];

export interface ProofMode {
  readonly label: string;
  readonly mode: CaptureMode;
}

const RANGE_MAXES = ['2.24', '2.29', '2.30', '2.67', '2.93', '2.104'] as const;
const RANGES: readonly ProofMode[] = RANGE_MAXES.map((max) => ({ label: `2.1-${max}`, mode: { kind: 'range', min: '2.1', max } }));
const V20: ProofMode = { label: 'v2.0-document', mode: { kind: 'v2.0-document' } };
const UNAUTHORIZED: ProofMode = { label: 'unauthorized', mode: { kind: 'unauthorized' } };
export const PROOF_MODES: readonly ProofMode[] = [...RANGES, V20, UNAUTHORIZED];

/** The server modes each client meets. openstackclient looks the server up first, which a 401 endpoint refuses for another reason. */
export const MODES_OF: Readonly<Record<ProofClient, readonly ProofMode[]>> = {
  novaclient: PROOF_MODES,
  openstacksdk: PROOF_MODES,
  openstackclient: [...RANGES, V20],
  horizon: PROOF_MODES,
};

const HOSTS = [null, 'compute-02'] as const;
const BLOCKS = [true, false, 'auto', CLIENT_DEFAULT] as const;
const DISKS = [false, true, CLIENT_DEFAULT] as const;
const FORCES = [undefined, false, true] as const;

/**
 * Pinned microversions driven: every band edge, and the maxima that are checked with the one
 * above (novaclient 18.13.1's Client() checks 2.96; OSC 5.4 and 6.0 check 2.87 and 2.92).
 */
const NOVACLIENT_PINS = ['latest', '2.0', '2.1', '2.24', '2.25', '2.29', '2.30', '2.67', '2.68', '2.96', '2.97', '2.104'];
const OSC_PINS: ReadonlyArray<string | null> = [null, '2.0', '2.1', '2.24', '2.25', '2.30', '2.68', '2.87', '2.88', '2.92', '2.93', '2.104'];

export interface ProofCase {
  /** Stable, unique: mode, profile and intent. */
  readonly key: string;
  readonly mode: ProofMode;
  /** The profile id (canonical) whose builder must reproduce the real call. */
  readonly profile: string;
  readonly intent: LiveMigrationIntent;
  /** What the driver needs besides `id` and `endpoint`. Cases with the same call share one real run. */
  readonly call: Readonly<Record<string, unknown>>;
}

function intents(withForce: boolean): LiveMigrationIntent[] {
  const out: LiveMigrationIntent[] = [];
  for (const host of HOSTS)
    for (const blockMigration of BLOCKS)
      for (const diskOverCommit of DISKS)
        for (const force of withForce ? FORCES : [undefined]) out.push({ host, blockMigration, diskOverCommit, force });
  return out;
}

function describeIntent(i: LiveMigrationIntent): string {
  return `host=${String(i.host)} block=${String(i.blockMigration)} disk=${String(i.diskOverCommit)} force=${String(i.force)}`;
}

function cases(mode: ProofMode, profile: string, list: LiveMigrationIntent[], call: (i: LiveMigrationIntent) => Record<string, unknown>): ProofCase[] {
  return list.map((intent) => ({ key: `${mode.label}|${profile}|${describeIntent(intent)}`, mode, profile, intent, call: call(intent) }));
}

/** Every case of `client` at `release`, in fixture order. */
export function proofCases(client: ProofClient, release: string): ProofCase[] {
  const out: ProofCase[] = [];
  for (const mode of MODES_OF[client]) {
    switch (client) {
      case 'novaclient':
        for (const pin of NOVACLIENT_PINS) {
          const profile = getProfile(`novaclient@${release}${pin === 'latest' ? '' : `+mv${pin}`}`).id;
          out.push(...cases(mode, profile, intents(true), (i) => ({ version: pin, host: i.host, block: i.blockMigration, disk: i.diskOverCommit, force: i.force ?? null })));
        }
        break;
      case 'openstacksdk':
        out.push(...cases(mode, `openstacksdk@${release}`, intents(true), (i) => ({ host: i.host, block: i.blockMigration, disk: i.diskOverCommit, force: i.force ?? null })));
        break;
      case 'openstackclient':
        for (const pin of OSC_PINS) {
          const profile = getProfile(`openstackclient@${release}${pin === null ? '' : `+mv${pin}`}`).id;
          const version = pin === null ? null : parseMicroversion(pin);
          out.push(...cases(mode, profile, intents(false), (i) => ({ argv: openstackclientArgv(version, i, '{server}') })));
        }
        break;
      case 'horizon':
        // The form's two checkboxes: only an explicit true ticks one.
        out.push(...cases(mode, `horizon@${release}`, intents(false), (i) => ({ host: i.host, block: i.blockMigration === true, disk: i.diskOverCommit === true })));
        break;
    }
  }
  return out;
}

/** sha256 of the case keys in order: a fixture captured for other cases is stale. */
export function keysDigest(list: readonly ProofCase[]): string {
  const hash = createHash('sha256');
  for (const c of list) hash.update(`${c.key}\n`);
  return hash.digest('hex');
}

/** The computeUrl placeholder fixtures use in place of the capture server's address. */
export const ENDPOINT_PLACEHOLDER = '{endpoint}';
/** The server id fixtures and batch lines use. */
export const SERVER_PLACEHOLDER = '{server}';

/** The `mvmatrix request --batch` line that must reproduce this case. */
export function batchLine(c: ProofCase): Record<string, unknown> {
  const { intent } = c;
  const line: Record<string, unknown> = {
    profile: c.profile,
    host: intent.host,
    blockMigration: intent.blockMigration,
    diskOverCommit: intent.diskOverCommit,
    force: intent.force ?? null,
    serverId: SERVER_PLACEHOLDER,
  };
  const { mode } = c.mode;
  if (mode.kind === 'range') return { ...line, serverMin: mode.min, serverMax: mode.max };
  if (mode.kind === 'v2.0-document') return { ...line, serverMax: null };
  return { ...line, versionStatus: 401, computeUrl: `${ENDPOINT_PLACEHOLDER}/v2.1` };
}
