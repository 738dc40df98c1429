/**
 * The shipped default matrix: valid, complete, and surfacing the findings it exists for.
 * Runs every cell in-process against the emulator model (no sockets).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { executeMatrix, prepareMatrix } from '../../../src/run/execute.js';
import { createInProcessProvider } from '../../../src/providers/emulator/in-process-provider.js';
import { createInProcessTransport } from '../../../src/providers/emulator/in-process-transport.js';
import type { CellResult, MatrixResult } from '../../../src/matrix/result.js';
import { createEmulator } from '../../../src/nova/emulator.js';
import { listProfiles } from '../../../src/clients/index.js';
import { resolveTarget } from '../../../src/nova/target.js';

const DEFAULT = fileURLToPath(new URL('../../../matrix/default.yaml', import.meta.url));
let result: MatrixResult;
let cell: (id: string) => CellResult;
let emulator: ReturnType<typeof createEmulator>;

beforeAll(async () => {
  const { expanded, hash } = await prepareMatrix(DEFAULT, 'matrix/default.yaml');
  emulator = createEmulator();
  result = await executeMatrix({
    expanded,
    hash,
    provider: createInProcessProvider(emulator),
    transport: createInProcessTransport(emulator, resolveTarget('zed')),
    concurrency: 32,
  });
  const byId = new Map(result.cells.map((c) => [c.id, c]));
  cell = (id) => {
    const found = byId.get(id);
    if (!found) throw new Error(`no cell ${id}`);
    return found;
  };
});

const NEWTON_AND_LATER = ['newton', 'queens', 'zed', 'epoxy', 'hibiscus', 'mv-2.30', 'mv-2.67', 'mv-2.68', 'mv-2.104'];

describe('the default matrix', () => {
  it('covers the Horizon form fully, the client defaults and the negative cases, for every client release Debian ships, microversion 2.1–2.104 and release', () => {
    expect(result.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining([
      'auto-noblock-nodoc', 'auto-noblock-doc', 'auto-block-nodoc', 'auto-block-doc',
      'named-noblock-nodoc', 'named-noblock-doc', 'named-block-nodoc', 'named-block-doc',
      'shared-default-auto', 'shared-default-named', 'local-default-auto', 'local-default-named', 'local-auto-named',
      'unknown-host', 'pre-check-failure', 'shutoff-server', 'locked-server-admin', 'non-admin',
    ]));
    expect(result.metadata.targets).toHaveLength(104 + 23);
    expect(result.profiles.map((p) => p.id)).toEqual(listProfiles().map((p) => p.id));
    expect(result.profiles).toHaveLength(17);
    expect(result.profiles.find((p) => p.id === 'horizon@27.0.0')).toMatchObject({ client: 'horizon', clientVersion: '27.0.0' });
    expect(result.profiles.every((p) => p.client !== undefined && p.clientVersion !== undefined)).toBe(true);
    expect(result.cells).toHaveLength(result.profiles.length * result.scenarios.length * 127);
    expect(result.cells.filter((c) => c.outcome === 'error')).toEqual([]);
  });

  it('shows openstackclient 7 and later failing every live migration below 2.25, whatever the scenario', () => {
    for (const release of ['7.4.0', '10.3.0']) {
      const below = result.cells.filter((c) => c.profile === `openstackclient@${release}` && /^mv-2\.([1-9]|1\d|2[0-4])$/.test(c.target.id));
      expect(below).toHaveLength(24 * 20);
      expect(below.every((c) => c.outcome === 'client-refused')).toBe(true);
      // With a named host OSC's own --host check (2.30) refuses first; every other request dies on the TypeError.
      const typeErrors = below.filter((c) => c.explanation.includes("TypeError: Proxy.live_migrate_server() got an unexpected keyword argument 'disk_overcommit'"));
      expect(typeErrors.map((c) => c.id)).toEqual(below.filter((c) => c.destination === null).map((c) => c.id));
      expect(typeErrors).toHaveLength(24 * 10);
    }
    // OSC 6 defaults to 2.1 and works there.
    expect(cell('openstackclient@6.0.0|shared-default-auto|mv-2.24').outcome).toBe('pass');
    expect(cell('openstackclient@10.3.0|shared-default-auto|mv-2.25').outcome).toBe('pass');
  });

  it('shows Horizon 27.0.0 (60455e5ff) turning Disk Over Commit into force on Newton and later: drift with a named host, 400 with auto', () => {
    for (const target of NEWTON_AND_LATER) {
      const named = cell(`horizon@27.0.0|named-noblock-doc|${target}`);
      expect(named.outcome, named.explanation).toBe('drift');
      expect(named.explanation).toContain('force=true');
      const auto = cell(`horizon@27.0.0|auto-noblock-doc|${target}`);
      expect(auto.outcome).toBe('rejected');
      expect(auto.explanation).toContain("Can't force to a non-provided destination");
      // 25.3.0 has no 60455e5ff: the box is real disk over-commit at 2.1.
      expect(cell(`horizon@25.3.0|auto-noblock-doc|${target}`).outcome).toBe('pass');
    }
    expect(cell('horizon@27.0.0|named-noblock-doc|mitaka').outcome).toBe('pass');
  });

  it('shows how a named host changes meaning at 2.30 for each Horizon release', () => {
    // Horizon before 60455e5ff sends no microversion: forced everywhere, drift once the cloud could verify.
    for (const release of ['18.6.2', '23.0.0', '25.3.0']) {
      expect(cell(`horizon@${release}|named-noblock-nodoc|mv-2.29`).outcome).toBe('pass');
      expect(cell(`horizon@${release}|named-noblock-nodoc|mv-2.30`).outcome).toBe('drift');
      expect(cell(`horizon@${release}|named-noblock-nodoc|mv-2.30`).explanation).toContain('below 2.30');
    }
    // 60455e5ff asks for 2.30: verified by the scheduler, as the user expects.
    expect(cell('horizon@27.0.0|named-noblock-nodoc|mv-2.30').outcome).toBe('pass');
    expect(cell('horizon@27.0.0|named-noblock-nodoc|mv-2.30').explanation).toContain('scheduler-verified');
  });

  it('has no drift for horizon-proposed', () => {
    expect(result.cells.filter((c) => c.profile === 'horizon-proposed@27.0.0' && c.outcome === 'drift').map((c) => c.id)).toEqual([]);
  });

  it('expects the negative cases to fail the way Nova fails them', () => {
    expect(cell('horizon@27.0.0|unknown-host|zed').outcome).toBe('expected-error');
    expect(cell('horizon@27.0.0|shutoff-server|zed').outcome).toBe('expected-error');
    expect(cell('horizon@27.0.0|non-admin|zed').outcome).toBe('expected-error');
    expect(cell('horizon@27.0.0|pre-check-failure|zed').outcome).toBe('expected-error');
    expect(cell('horizon@27.0.0|locked-server-admin|zed').outcome).toBe('pass');
  });

  it('meets each Block Migration choice on the storage where it is right, so ticking the box is never a storage failure', () => {
    const storageFailures = result.cells.filter((c) => /-block-/.test(c.scenario) && /not on (local|shared) storage/.test(c.explanation));
    expect(storageFailures.map((c) => c.id)).toEqual([]);
    for (const target of ['mitaka', 'zed', 'mv-2.1', 'mv-2.104']) {
      expect(cell(`horizon@23.0.0|auto-block-nodoc|${target}`).outcome).toBe('pass');
      expect(cell(`horizon@27.0.0|named-block-nodoc|${target}`).outcome).toBe('pass');
      expect(cell(`horizon@27.0.0|named-block-nodoc|${target}`).request?.body).toMatchObject({ 'os-migrateLive': { block_migration: true } });
    }
  });

  it("shows every shipped Horizon failing on a local-storage cloud when Block Migration is left unticked (false, never auto) while auto passes", () => {
    for (const profile of ['horizon@18.6.2', 'horizon@23.0.0', 'horizon@25.3.0', 'horizon@27.0.0']) {
      for (const scenario of ['local-default-auto', 'local-default-named']) {
        const cells = result.cells.filter((c) => c.profile === profile && c.scenario === scenario);
        expect(cells).toHaveLength(127);
        for (const c of cells) {
          expect(c.outcome, c.id).toBe('rejected');
          expect(c.request?.body).toMatchObject({ 'os-migrateLive': { block_migration: false } });
        }
        expect(cells.filter((c) => c.explanation.includes('is not on shared storage')).length).toBeGreaterThan(100);
      }
    }
    for (const target of ['newton', 'zed', 'hibiscus', 'mv-2.25', 'mv-2.104']) {
      const proposed = cell(`horizon-proposed@27.0.0|local-default-auto|${target}`);
      expect(proposed.outcome, proposed.explanation).toBe('pass');
      expect(proposed.request?.body).toMatchObject({ 'os-migrateLive': { block_migration: 'auto' } });
    }
    expect(cell('novaclient@18.13.1|local-default-named|zed').outcome).toBe('pass');
    expect(cell('openstacksdk@4.20.0|local-default-auto|zed').outcome).toBe('pass');
  });

  it('accepts no cell whose migration the emulator then fails asynchronously (the runner does not follow migration records)', () => {
    const failedAfterAccept: string[] = [];
    for (const target of result.metadata.targets) {
      const state = emulator.stateOf(resolveTarget(target.id));
      const failed = new Set([...state.migrations.values()].filter((m) => m.status === 'error').map((m) => m.serverId));
      for (const c of result.cells) {
        if (c.target.id !== target.id || c.response?.status !== 202 || c.outcome === 'expected-error') continue;
        const serverId = /\/servers\/([^/]+)\/action$/.exec(c.request?.path ?? '')?.[1];
        if (serverId && failed.has(serverId)) failedAfterAccept.push(c.id);
      }
    }
    expect(failedAfterAccept).toEqual([]);
  });
});
