import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/errors.js';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';
import { CLIENTS, PROFILE_REGISTRY } from '../../../src/run/execute.js';
import { expandMatrix } from '../../../src/matrix/expand.js';
import type { Transport, TransportRequest, TransportResponse } from '../../../src/http/http-transport.js';
import { runMatrix } from '../../../src/run/run.js';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import type { NovaTarget } from '../../../src/nova/target.js';
import type { NovaProvider } from '../../../src/providers/provider.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;

const MATRIX = `version: 1
targets: [mitaka, zed, "2.30"]
profiles: [horizon-legacy, horizon-60455e5ff, openstacksdk]
scenarios:
  - id: named-doc
    intent: { host: named, blockMigration: false, diskOverCommit: true }
  - id: auto
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
`;

/** A fake Nova: version documents per target, 202 for every action, echoing the requested microversion. */
function fakeWorld(delay: () => number) {
  const gets: string[] = [];
  let servers = 0;
  const maxOf = new Map<string, string>();
  const provider: NovaProvider = {
    kind: 'fake',
    description: 'fake Nova',
    async endpointFor(target: NovaTarget) {
      maxOf.set(target.id, `${target.maxMicroversion.major}.${target.maxMicroversion.minor}`);
      return { target, computeUrl: `http://nova.test/@${target.id}/v2.1` };
    },
    async createServer() {
      servers++;
      return { id: `server-${servers}`, host: 'compute-01' };
    },
    token: (caller) => `${caller}:p`,
    async [Symbol.asyncDispose]() {},
  };
  const transport: Transport = {
    async send(req: TransportRequest): Promise<TransportResponse> {
      await new Promise((r) => setTimeout(r, delay()));
      const target = /@([^/]+)/.exec(req.url)![1]!;
      if (req.method === 'GET') {
        gets.push(req.url);
        return { status: 200, headers: {}, body: JSON.stringify({ version: { id: 'v2.1', version: maxOf.get(target), min_version: '2.1' } }) };
      }
      const requested = req.headers['openstack-api-version']?.split(' ')[1] ?? req.headers['x-openstack-nova-api-version'] ?? '2.1';
      return { status: 202, headers: { 'openstack-api-version': `compute ${requested}`, 'x-openstack-nova-api-version': requested }, body: '' };
    },
    async [Symbol.asyncDispose]() {},
  };
  return { provider, transport, gets, servers: () => servers };
}

async function runWith(concurrency: number, delay: () => number) {
  const expanded = expandMatrix(parseMatrixDefinition(MATRIX, 'm.yaml', schema), PROFILE_REGISTRY);
  const world = fakeWorld(delay);
  const outcome = await runMatrix(expanded, { provider: world.provider, transport: world.transport, clients: CLIENTS, interpret: interpretMigrateLive, concurrency });
  return { outcome, world, expanded };
}

describe('runMatrix', () => {
  it('returns the same results in expansion order whatever the concurrency and timing', async () => {
    let seed = 7;
    const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 5);
    const serial = await runWith(1, () => 0);
    const parallel = await runWith(16, jitter);
    expect(parallel.outcome.cells.map((c) => c.id)).toEqual(serial.expanded.cells.map((c) => c.id));
    const strip = (cells: typeof serial.outcome.cells) => cells.map((c) => ({ ...c, request: { ...c.request, path: '' } }));
    // Server ids differ with scheduling; everything else is identical.
    expect(strip(parallel.outcome.cells).map((c) => [c.id, c.outcome, c.explanation])).toEqual(strip(serial.outcome.cells).map((c) => [c.id, c.outcome, c.explanation]));
  });

  it('does discovery with one GET per endpoint and procedure, not per cell', async () => {
    const { world } = await runWith(8, () => 1);
    // 3 targets; horizon uses novaclient discovery and the SDK keystoneauth: both GET the endpoint URL first.
    expect(new Set(world.gets).size).toBe(world.gets.length);
    expect(world.gets.length).toBeLessThanOrEqual(3 * 2);
  });

  it('creates no server for a cell whose client refuses before sending', async () => {
    const { outcome, world } = await runWith(4, () => 0);
    const refused = outcome.cells.filter((c) => c.outcome === 'client-refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.request === null && typeof c.refusal === 'string')).toBe(true);
    expect(world.servers()).toBe(outcome.cells.length - refused.length);
  });

  it('uses a provider\'s batch creation when offered, with the same server ids as one-by-one creation', async () => {
    const expanded = expandMatrix(parseMatrixDefinition(MATRIX, 'm.yaml', schema), PROFILE_REGISTRY);
    const single = fakeWorld(() => 0);
    const one = await runMatrix(expanded, { provider: single.provider, transport: single.transport, clients: CLIENTS, interpret: interpretMigrateLive, concurrency: 8 });
    const batched = fakeWorld(() => 0);
    const counters = new Map<string, number>();
    let batchCalls = 0;
    const provider = Object.assign(batched.provider, {
      async createServer(): Promise<never> {
        throw new Error('the runner should batch');
      },
      async createServers(endpoint: { target: NovaTarget }, _template: string, count: number) {
        batchCalls++;
        const start = counters.get(endpoint.target.id) ?? 0;
        counters.set(endpoint.target.id, start + count);
        return Array.from({ length: count }, (_, k) => ({ id: `${endpoint.target.id}-${start + k}`, host: 'compute-01' }));
      },
    });
    const two = await runMatrix(expanded, { provider, transport: batched.transport, clients: CLIENTS, interpret: interpretMigrateLive, concurrency: 8 });
    expect(batchCalls).toBe(3); // one per target: every scenario uses the same template
    expect(two.cells.map((c) => [c.id, c.outcome])).toEqual(one.cells.map((c) => [c.id, c.outcome]));
    const sent = two.cells.filter((c) => c.request !== null).map((c) => c.request!.path);
    expect(sent[0]).toContain('/servers/mitaka-0/action');
  });

  it('surfaces the Horizon findings: 60455e5ff forces the named host on Zed, legacy Horizon forces it too', async () => {
    const { outcome } = await runWith(4, () => 0);
    const byId = new Map(outcome.cells.map((c) => [c.id, c]));
    expect(byId.get('horizon-60455e5ff|named-doc|zed')!.outcome).toBe('drift');
    expect(byId.get('horizon-60455e5ff|named-doc|zed')!.explanation).toContain('force=true');
    expect(byId.get('horizon-legacy|named-doc|zed')!.outcome).toBe('drift');
    expect(byId.get('horizon-legacy|named-doc|mitaka')!.outcome).toBe('pass');
  });
});

describe('reading a migration back from a provider whose migrations move on their own', () => {
  const SMALL = `version: 1
targets: [zed]
profiles: [novaclient@latest]
scenarios:
  - id: auto
    intent: { host: auto, blockMigration: auto, diskOverCommit: false }
`;

  async function runSettling(settle: (serverId: string) => Promise<void>, log: string[] = []) {
    const expanded = expandMatrix(parseMatrixDefinition(SMALL, 'm.yaml', schema), PROFILE_REGISTRY);
    const world = fakeWorld(() => 0);
    const transport: Transport = {
      async send(req: TransportRequest): Promise<TransportResponse> {
        log.push(`${req.method} ${req.url.replace(/^http:\/\/nova\.test\/@zed\/v2\.1/, '')}`);
        if (req.url.includes('/os-migrations')) {
          return { status: 200, headers: {}, body: JSON.stringify({ migrations: [{ id: 4, instance_uuid: 'server-1', migration_type: 'live-migration', status: 'completed' }] }) };
        }
        return world.transport.send(req);
      },
      async [Symbol.asyncDispose]() {},
    };
    const provider = Object.assign(world.provider, {
      async settle(_endpoint: unknown, serverId: string) {
        log.push(`settle ${serverId}`);
        await settle(serverId);
      },
    });
    const outcome = await runMatrix(expanded, { provider, transport, clients: CLIENTS, interpret: interpretMigrateLive, concurrency: 1 });
    // Discovery GETs the version document first: only what follows the action matters here.
    return { cell: outcome.cells[0]!, log: log.filter((l) => !l.startsWith('GET ') || l.includes('os-migrations')) };
  }

  it('settles the server\'s migrations after the 202 and before it reads the record', async () => {
    const { cell, log } = await runSettling(async () => undefined);
    expect(log).toEqual(['POST /servers/server-1/action', 'settle server-1', 'GET /os-migrations?instance_uuid=server-1']);
    expect(cell.migration).toEqual({ id: 4, status: 'completed' });
  });

  it('reads nothing half-way when settling fails: the cell has no answer and the run is incomplete (exit 3), like a failed read-back', async () => {
    const log: string[] = [];
    const failed = await runSettling(async () => {
      throw new Error('harness gone');
    }, log).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ code: ERROR_CODES.RUN_INCOMPLETE });
    expect((failed as Error).message).toContain('harness gone');
    expect(log.filter((l) => !l.startsWith('GET ') || l.includes('os-migrations'))).toEqual(['POST /servers/server-1/action', 'settle server-1']);
  });
});
