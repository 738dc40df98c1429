import { describe, expect, it } from 'vitest';
import { classifyCell, type CellExchange, type ClassifyInput } from '../../../src/matrix/classify.js';
import type { Scenario } from '../../../src/matrix/definition.js';
import { resolveTarget } from '../../../src/nova/target.js';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';

function scenario(over: Partial<Scenario['intent']> = {}, rest: Partial<Omit<Scenario, 'intent'>> = {}): Scenario {
  return {
    id: 's',
    title: 's',
    intent: { host: 'named', blockMigration: false, diskOverCommit: false, ...over },
    world: { server: 'active', destination: 'healthy', caller: 'admin' },
    expect: {},
    ...rest,
  };
}

function sent(body: unknown, version: string | null, status = 202, responseBody: unknown = null): CellExchange {
  const vh: Record<string, string> = version ? { 'x-openstack-nova-api-version': version, 'openstack-api-version': `compute ${version}` } : {};
  return {
    kind: 'response',
    request: { method: 'POST', path: '/@zed/v2.1/servers/abc/action', headers: { 'content-type': 'application/json', ...vh }, body: { 'os-migrateLive': body } },
    response: { status, headers: version ? vh : { 'x-openstack-nova-api-version': '2.1' }, body: responseBody },
  };
}

function classify(input: Partial<ClassifyInput> & Pick<ClassifyInput, 'exchange'>) {
  return classifyCell({ profile: 'horizon-60455e5ff', scenario: scenario(), target: resolveTarget('zed'), host: 'compute-02', ...input }, interpretMigrateLive);
}

describe('classifyCell', () => {
  it('pass: a named host verified by the scheduler at 2.30 on Zed, as the user asked', () => {
    const c = classify({ exchange: sent({ host: 'compute-02', block_migration: false }, '2.30') });
    expect(c.outcome).toBe('pass');
    expect(c.effectiveMicroversion).toBe('2.30');
    expect(c.explanation).toContain('scheduler-verified host compute-02');
  });

  it('degraded: Disk Over Commit dropped at 2.25, nothing else changed (cites 2.25)', () => {
    const c = classify({
      profile: 'horizon-proposed',
      scenario: scenario({ diskOverCommit: true }),
      exchange: sent({ host: 'compute-02', block_migration: false }, '2.30'),
    });
    expect(c.outcome).toBe('degraded');
    expect(c.explanation).toContain('2.25 removed disk_over_commit');
  });

  it('pass: options left at the client default accept whatever block mode the client fills in, and no disk over-commit', () => {
    const defaults = scenario({ host: 'auto', blockMigration: 'default', diskOverCommit: 'default' });
    for (const block of [false, true, 'auto']) {
      const c = classify({ profile: 'openstacksdk@4.20.0', scenario: defaults, host: null, exchange: sent({ host: null, block_migration: block }, '2.30') });
      expect(c.outcome, String(block)).toBe('pass');
    }
    const applied = classify({ scenario: defaults, host: null, exchange: sent({ host: null, block_migration: false, disk_over_commit: true }, '2.24') });
    expect(applied.outcome).toBe('drift');
    expect(applied.explanation).toContain('disk over-commit applied although the user did not ask for it');
  });

  it('drift: Horizon 60455e5ff sends Disk Over Commit as force, so the named host is forced (cites 2.30 and the positional shift)', () => {
    const c = classify({ scenario: scenario({ diskOverCommit: true }), exchange: sent({ host: 'compute-02', block_migration: false, force: true }, '2.30') });
    expect(c.outcome).toBe('drift');
    expect(c.explanation).toContain('Disk Over Commit arrived as force=true');
    expect(c.explanation).toContain('60455e5ff');
  });

  it('drift: a header-less request runs at 2.1 on Newton+, where a named host is forced instead of verified', () => {
    const c = classify({ profile: 'horizon-legacy', exchange: sent({ host: 'compute-02', block_migration: false, disk_over_commit: false }, null) });
    expect(c.outcome).toBe('drift');
    expect(c.effectiveMicroversion).toBe('2.1');
    expect(c.explanation).toContain('below 2.30');
  });

  it('pass: the same header-less request on Mitaka (max 2.25) is not drift, forcing is the only meaning there', () => {
    const c = classify({ profile: 'horizon-legacy', target: resolveTarget('mitaka'), exchange: sent({ host: 'compute-02', block_migration: false, disk_over_commit: false }, null) });
    expect(c.outcome).toBe('pass');
  });

  it('rejected: AUTO_SCHEDULE with Disk Over Commit on 2.30 gets the force-without-host 400 (cites 2.30 and 60455e5ff)', () => {
    const c = classify({
      scenario: scenario({ host: 'auto', diskOverCommit: true }),
      host: null,
      exchange: sent({ host: null, block_migration: false, force: true }, '2.30', 400, { badRequest: { code: 400, message: "Can't force to a non-provided destination" } }),
    });
    expect(c.outcome).toBe('rejected');
    expect(c.explanation).toMatch(/^refused with 400 at 2\.30: Can't force to a non-provided destination \(2\.30 added force/);
    expect(c.explanation).toContain('60455e5ff');
  });

  it('expected-error: a SHUTOFF server gets the 409 the scenario expects', () => {
    const c = classify({
      scenario: scenario({ host: 'auto' }, { expect: { error: { status: [409], message: 'vm_state stopped', async: false } } }),
      host: null,
      exchange: sent({ host: null, block_migration: false }, '2.30', 409, { conflictingRequest: { code: 409, message: "Cannot 'os-migrateLive' instance abc while it is in vm_state stopped" } }),
    });
    expect(c.outcome).toBe('expected-error');
  });

  it('expected-error: a pre-check failure accepted at 2.34+ counts when the scenario allows asynchronous failure', () => {
    const c = classify({
      scenario: scenario({}, { expect: { error: { status: [400], async: true } } }),
      host: 'compute-03',
      exchange: sent({ host: 'compute-03', block_migration: 'auto' }, '2.93'),
    });
    expect(c.outcome).toBe('expected-error');
    expect(c.explanation).toContain('2.34');
  });

  it('rejected: an error status the negative scenario did not expect', () => {
    const c = classify({
      scenario: scenario({}, { expect: { error: { status: [409], async: false } } }),
      exchange: sent({ host: 'compute-02', block_migration: false }, '2.30', 403, { forbidden: { code: 403, message: "Policy doesn't allow x to be performed." } }),
    });
    expect(c.outcome).toBe('rejected');
    expect(c.explanation).toContain('the scenario expects 409');
  });

  it('client-refused: the client raised before sending', () => {
    const c = classify({ exchange: { kind: 'refused', message: "ValueError: Live migration on this cloud implies 'force'" } });
    expect(c).toEqual({ outcome: 'client-refused', explanation: "client refused before sending: ValueError: Live migration on this cloud implies 'force'", effectiveMicroversion: null });
  });

  it('error: a 500 and a transport failure', () => {
    expect(classify({ exchange: sent({ host: 'compute-02', block_migration: false }, '2.30', 500, { computeFault: { code: 500, message: 'Unexpected API Error.' } }) }).outcome).toBe('error');
    expect(classify({ exchange: { kind: 'transport-error', request: null, message: 'ECONNRESET' } }).outcome).toBe('error');
  });
});
