/**
 * The runner under faults, in-process (the emulator model, no sockets): waves within the
 * provider's fresh-server cap, a stop at the first infrastructure failure, read-backs that fail
 * counted as failures, one failed server creation ending a target's provisioning, and the
 * provider's credentials redacted from the evidence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrixDefinition } from '../../../src/matrix/definition.js';
import { CLIENTS, PROFILE_REGISTRY } from '../../../src/run/execute.js';
import { expandMatrix } from '../../../src/matrix/expand.js';
import { TransportError, type Transport } from '../../../src/http/http-transport.js';
import { createInProcessProvider } from '../../../src/providers/emulator/in-process-provider.js';
import { createInProcessTransport } from '../../../src/providers/emulator/in-process-transport.js';
import { runMatrix, waves, type RunDeps } from '../../../src/run/run.js';
import type { CellPlan } from '../../../src/run/run-cell.js';
import { isInfrastructureFailure } from '../../../src/matrix/run-health.js';
import { createEmulator } from '../../../src/nova/emulator.js';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import { resolveTarget } from '../../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';
import type { NovaProvider } from '../../../src/providers/provider.js';

const schema = JSON.parse(readFileSync(new URL('../../../matrix/schema/matrix.schema.json', import.meta.url), 'utf8')) as object;

function plain(profile: string, scenarios: number, extra = ''): string {
  const lines = ['version: 1', 'targets: [zed]', `profiles: [${profile}]`, 'scenarios:'];
  for (let i = 0; i < scenarios; i++) lines.push(`  - id: s-${String(i).padStart(2, '0')}`, `    intent: { host: auto, blockMigration: auto, diskOverCommit: false }${extra}`);
  return `${lines.join('\n')}\n`;
}

function setup(matrix: string, maxFreshServers = DEFAULT_WORLD.maxFreshServers) {
  const expanded = expandMatrix(parseMatrixDefinition(matrix, 'm.yaml', schema), PROFILE_REGISTRY);
  const emulator = createEmulator({ world: { ...DEFAULT_WORLD, maxFreshServers } });
  const provider = createInProcessProvider(emulator);
  const transport = createInProcessTransport(emulator, resolveTarget('zed'));
  const deps = (over: Partial<RunDeps> = {}): RunDeps => ({ provider, transport, clients: CLIENTS, interpret: interpretMigrateLive, concurrency: 4, ...over });
  return { expanded, provider, transport, deps };
}

describe('waves within the fresh-server cap', () => {
  it('cuts a target\'s cells into waves of at most the cap of cells that need a server', () => {
    const plan = (needs: boolean) => ({ refusal: needs ? null : 'refused', failure: null }) as unknown as CellPlan;
    const plans = [true, false, true, true, false, true, true].map(plan);
    expect(waves(plans, 2).map((w) => [w.offset, w.plans.length])).toEqual([[0, 3], [3, 3], [6, 1]]);
    expect(waves(plans, undefined)).toEqual([{ offset: 0, plans }]);
    expect(waves(plans, 100)).toHaveLength(1);
  });

  it('runs 12 cells on a world that keeps 5 fresh servers with every cell on a live server, where one wave loses 7', async () => {
    const { expanded, provider, deps } = setup(plain('novaclient@2.68', 12), 5);
    const capped: NovaProvider = Object.assign(Object.create(provider) as NovaProvider, { freshServerCap: 5 });
    const withWaves = await runMatrix(expanded, deps({ provider: capped }));
    expect(withWaves.cells.map((c) => c.outcome)).toEqual(Array(12).fill('pass'));
    expect(withWaves.incomplete).toBeNull();

    const again = setup(plain('novaclient@2.68', 12), 5);
    const uncapped: NovaProvider = Object.assign(Object.create(again.provider) as NovaProvider, { freshServerCap: undefined });
    const oneWave = await runMatrix(again.expanded, again.deps({ provider: uncapped }));
    const lost = oneWave.cells.filter((c) => c.response?.status === 404);
    expect(lost).toHaveLength(7); // what happens without waves: the reason they exist
  });
});

describe('infrastructure failures', () => {
  it('stops starting cells at the first transport failure and says how many never ran', async () => {
    const { expanded, transport, deps } = setup(plain('novaclient@2.68', 40));
    let actions = 0;
    const failing: Transport = {
      async send(request) {
        if (request.method === 'POST' && ++actions > 10) throw new TransportError(`POST ${request.url}: connection refused (ECONNREFUSED), 3 attempts`, 'ECONNREFUSED', 3, null);
        return transport.send(request);
      },
      [Symbol.asyncDispose]: async () => {},
    };
    const outcome = await runMatrix(expanded, deps({ transport: failing }));
    expect(outcome.incomplete).not.toBeNull();
    expect(outcome.incomplete!.first!.explanation).toContain('ECONNREFUSED');
    expect(outcome.incomplete!.notRunCells).toBeGreaterThan(0);
    expect(outcome.cells.length + outcome.incomplete!.notRunCells).toBe(40);
    expect(actions).toBeLessThan(10 + 1 + 4); // at most the cells already in flight after the first failure
  });

  it('counts a read-back that answers 500 as a failed cell, never as an unverified answer', async () => {
    const { expanded, transport, deps } = setup(plain('novaclient@2.68', 3));
    const brokenReadBack: Transport = {
      async send(request) {
        if (request.url.includes('/os-migrations?')) return { status: 500, headers: {}, body: '{"computeFault": {"code": 500, "message": "x"}}' };
        return transport.send(request);
      },
      [Symbol.asyncDispose]: async () => {},
    };
    await expect(runMatrix(expanded, deps({ transport: brokenReadBack, concurrency: 1 }))).rejects.toMatchObject({
      code: 'MVM_ERR_RUN_INCOMPLETE',
      message: expect.stringContaining('migration read-back failed: GET'),
    });
  });

  it('asks for no more servers on a target after one could not be made', async () => {
    const { expanded, provider, deps } = setup(plain('novaclient@2.68', 30));
    let calls = 0;
    const broken: NovaProvider = Object.assign(Object.create(provider) as NovaProvider, {
      async createServer() {
        calls++;
        throw new Error('POST http://x/_mvmatrix/servers: timeout (ETIMEDOUT) after 100 ms');
      },
      createServers: undefined, // one server at a time, as a URL provider makes them
    });
    await expect(runMatrix(expanded, deps({ provider: broken }))).rejects.toMatchObject({ code: 'MVM_ERR_RUN_INCOMPLETE', message: expect.stringContaining('ETIMEDOUT') });
    expect(calls).toBe(1);
  });
});

describe('evidence redaction', () => {
  it('writes no credential header and none of the provider\'s secrets, wherever Nova echoes them', async () => {
    const { expanded, provider, transport, deps } = setup(plain('novaclient@2.68', 2));
    const secretive: NovaProvider = Object.assign(Object.create(provider) as NovaProvider, {
      token: (caller: string) => `${caller}:tok-SECRET`,
      redaction: { secrets: ['admin:tok-SECRET', 'member:tok-SECRET'], ids: ['tok-SECRET'] },
    });
    const echoing: Transport = {
      async send(request) {
        const answer = await transport.send({ ...request, headers: { ...request.headers, 'x-auth-token': `admin:${DEFAULT_WORLD.projectId}` } });
        if (request.method !== 'POST') return answer;
        return { status: 400, headers: { 'x-subject-token': 'gAAAA-opaque' }, body: JSON.stringify({ badRequest: { code: 400, message: `token ${request.headers['x-auth-token']} of project tok-SECRET`, auth_token: 'x' } }) };
      },
      [Symbol.asyncDispose]: async () => {},
    };
    const outcome = await runMatrix(expanded, deps({ provider: secretive, transport: echoing }));
    const text = JSON.stringify(outcome.cells);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('gAAAA');
    const cell = outcome.cells[0]!;
    expect(cell.request!.headers['x-auth-token']).toBe('<redacted>');
    expect(cell.response!.headers['x-subject-token']).toBe('<redacted>');
    expect(cell.response!.body).toEqual({ badRequest: { code: 400, message: 'token <redacted> of project <redacted>', auth_token: '<redacted>' } });
    expect(isInfrastructureFailure(cell)).toBe(false);
  });
});
