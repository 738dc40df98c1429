import { describe, expect, it } from 'vitest';
import { decideLiveMigration, type LiveMigrationDecisionInput } from '../../../src/nova/live-migration-decision.js';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import { getRelease } from '../../../src/microversion/releases.js';
import { mv } from '../../../src/microversion/version.js';
import type { Caller, ComputeHostState, ServerState } from '../../../src/nova/world-types.js';
import type { MigrateLiveAction } from '../../../src/nova/contract.js';

const PROJECT = '6f70656e737461636b20726f636b7321';
const ADMIN: Caller = { userId: 'admin', projectId: PROJECT, isAdmin: true };
const MEMBER: Caller = { userId: 'member', projectId: PROJECT, isAdmin: false };
const REASON = 'CPU doesn\'t have compatibility.';

function host(name: string, over: Partial<ComputeHostState> = {}): ComputeHostState {
  return { name, node: `${name}.local`, serviceState: 'up', serviceStatus: 'enabled', sharedStorageGroup: null, preCheckFailure: null, hypervisorType: 'QEMU', ...over };
}
const HOSTS: ComputeHostState[] = [
  host('compute-01', { sharedStorageGroup: 'nfs-a' }),
  host('compute-02', { sharedStorageGroup: 'nfs-a' }),
  host('compute-03', { preCheckFailure: REASON }),
  host('compute-04', { serviceState: 'down' }),
];
const SERVER_ID = '9a1b2c3d-0000-4000-8000-000000000001';
function server(over: Partial<ServerState> = {}): ServerState {
  return {
    id: SERVER_ID, name: 'vm', projectId: PROJECT, userId: 'member', host: 'compute-01', node: 'compute-01.local',
    vmState: 'active', taskState: null, locked: false, launchedAt: '2026-01-01T00:00:00.000000', volumeBacked: false,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...over,
  };
}

function act(version: string, inner: Record<string, unknown>): MigrateLiveAction {
  const body = { 'os-migrateLive': mv(version).minor < 25 ? { disk_over_commit: false, ...inner } : inner };
  const r = interpretMigrateLive(body, mv(version));
  if (!r.ok) throw new Error(r.fault.message);
  return r.action;
}
function decide(action: MigrateLiveAction, over: Partial<LiveMigrationDecisionInput> = {}) {
  return decideLiveMigration({ action, serverId: SERVER_ID, server: server(), caller: ADMIN, release: getRelease('zed'), hosts: HOSTS, ...over });
}

describe('controller order before the pre-checks', () => {
  it('a missing server is 404, before policy', () => {
    expect(decide(act('2.30', { host: null, block_migration: false }), { server: undefined, caller: MEMBER, serverId: 'nope' })).toEqual({
      kind: 'fault', stage: 'instance-lookup', fault: { status: 404, message: 'Instance nope could not be found.' } });
  });
  it('a non-admin is denied by migrate_live on Zed, even with a host', () => {
    expect(decide(act('2.30', { host: 'compute-02', block_migration: false }), { caller: MEMBER })).toEqual({
      kind: 'fault', stage: 'policy', fault: { status: 403, message: "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live to be performed." } });
  });
  it('from 32.0.0 a non-admin naming a host is denied by migrate_live:host', () => {
    expect(decide(act('2.30', { host: 'compute-02', block_migration: false }), { caller: MEMBER, release: getRelease('flamingo') })).toMatchObject({
      fault: { status: 403, message: "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live:host to be performed." } });
    expect(decide(act('2.30', { host: null, block_migration: false }), { caller: MEMBER, release: getRelease('flamingo') })).toMatchObject({
      fault: { message: "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live to be performed." } });
  });
  it('force without a host is 400 after policy', () => {
    const a = act('2.30', { host: null, block_migration: false, force: true });
    expect(decide(a, { caller: MEMBER })).toMatchObject({ stage: 'policy' });
    expect(decide(a)).toEqual({ kind: 'fault', stage: 'force-without-host', fault: { status: 400, message: "Can't force to a non-provided destination" } });
  });
  it('an admin ignores the lock', () => {
    expect(decide(act('2.30', { host: null, block_migration: false }), { server: server({ locked: true }) })).toMatchObject({ kind: 'accepted' });
  });
  it('a non-admin allowed by policy hits the lock 409 with the instance uuid', () => {
    expect(decide(act('2.30', { host: null, block_migration: false }), { caller: MEMBER, nonAdminAllowed: true, server: server({ locked: true }), serverId: 'by-url' })).toEqual({
      kind: 'fault', stage: 'lock', fault: { status: 409, message: `Instance ${SERVER_ID} is locked` } });
  });
  it.each([
    [{ vmState: 'stopped' as const }, `Cannot 'os-migrateLive' instance by-url while it is in vm_state stopped`],
    [{ vmState: 'error' as const }, `Cannot 'os-migrateLive' instance by-url while it is in vm_state error`],
    [{ taskState: 'migrating' }, `Cannot 'os-migrateLive' instance by-url while it is in task_state migrating`],
    [{ launchedAt: null }, `Instance by-url is in an invalid state for 'os-migrateLive'`],
  ])('state %j is 409 naming the URL id', (over, message) => {
    expect(decide(act('2.30', { host: null, block_migration: false }), { server: server(over), serverId: 'by-url' })).toEqual({
      kind: 'fault', stage: 'state', fault: { status: 409, message } });
  });
  it('a paused server may live-migrate', () => {
    expect(decide(act('2.30', { host: null, block_migration: false }), { server: server({ vmState: 'paused' }) })).toMatchObject({ kind: 'accepted' });
  });
  it('an unknown host is 400, after the state check', () => {
    const a = act('2.30', { host: 'nope', block_migration: false });
    expect(decide(a)).toEqual({ kind: 'fault', stage: 'host-lookup', fault: { status: 400, message: 'Compute host nope could not be found.' } });
    expect(decide(a, { server: server({ vmState: 'stopped' }) })).toMatchObject({ stage: 'state' });
  });
});

describe('pre-checks below 2.34 answer 400', () => {
  it('the scheduler picks the healthy host', () => {
    expect(decide(act('2.30', { host: null, block_migration: false }))).toEqual({
      kind: 'accepted', destination: 'compute-02', migrationDestCompute: 'compute-02', hostHandling: 'scheduler', preCheckError: null });
  });
  it('a forced move to the source host is UnableToMigrateToSelf', () => {
    expect(decide(act('2.29', { host: 'compute-01', block_migration: false }))).toEqual({
      kind: 'fault', stage: 'pre-check', fault: { status: 400, message: `Unable to migrate instance (${SERVER_ID}) to current host (compute-01).` } });
  });
  it('a forced move to a down host is ComputeServiceUnavailable', () => {
    expect(decide(act('2.30', { host: 'compute-04', block_migration: false, force: true }))).toMatchObject({
      fault: { status: 400, message: 'Compute service of compute-04 is unavailable at this time.' } });
  });
  it('a forced move to a host whose checks fail is MigrationPreCheckError', () => {
    expect(decide(act('2.1', { host: 'compute-03', block_migration: false }))).toMatchObject({
      fault: { status: 400, message: `Migration pre-check error: ${REASON}` } });
  });
  it('a scheduler-verified host that fails its checks ends in NoValidHost', () => {
    expect(decide(act('2.30', { host: 'compute-03', block_migration: false }))).toMatchObject({
      fault: { status: 400, message: 'No valid host was found. There are not enough hosts available.' } });
  });
  it('a scheduler-verified source or down host ends in NoValidHost', () => {
    for (const h of ['compute-01', 'compute-04']) {
      expect(decide(act('2.33', { host: h, block_migration: false }))).toMatchObject({ fault: { message: 'No valid host was found. There are not enough hosts available.' } });
    }
  });
  it('block migration between hosts sharing storage is InvalidLocalStorage, not skipped on Zed', () => {
    expect(decide(act('2.30', { host: null, block_migration: true }))).toMatchObject({
      fault: { status: 400, message: 'compute-01 is not on local storage: Block migration can not be used with shared storage.' } });
  });
  it('from 30.x the source-check failure is wrapped and skipped, so the scheduler runs out of hosts', () => {
    expect(decide(act('2.30', { host: null, block_migration: true }), { release: getRelease('epoxy') })).toMatchObject({
      fault: { status: 400, message: 'No valid host was found. There are not enough hosts available.' } });
    expect(decide(act('2.30', { host: 'compute-02', block_migration: true, force: true }), { release: getRelease('epoxy') })).toMatchObject({
      fault: { message: 'Error while check_can_live_migrate_source from compute-01 to host compute-02: InvalidLocalStorage_Remote compute-01 is not on local storage: Block migration can not be used with shared storage.' } });
  });
  it('non-block migration without shared storage is InvalidSharedStorage unless volume-backed', () => {
    const hosts = [host('compute-01'), host('compute-05')];
    const a = act('2.25', { host: null, block_migration: false });
    expect(decide(a, { hosts })).toMatchObject({
      fault: { message: 'compute-01 is not on shared storage: Shared storage live-migration requires either shared storage or boot-from-volume with no local disks.' } });
    expect(decide(a, { hosts, server: server({ volumeBacked: true }) })).toMatchObject({ kind: 'accepted', destination: 'compute-05' });
  });
  it('"auto" lets Nova choose and passes either way', () => {
    expect(decide(act('2.25', { host: 'compute-02', block_migration: 'auto' }))).toMatchObject({ kind: 'accepted', destination: 'compute-02', hostHandling: 'forced' });
  });
  it('a different hypervisor type is skipped by the scheduler and rejected when forced', () => {
    const hosts = [HOSTS[0]!, host('compute-02', { sharedStorageGroup: 'nfs-a', hypervisorType: 'VMware' })];
    expect(decide(act('2.30', { host: null, block_migration: false }), { hosts })).toMatchObject({ fault: { message: 'No valid host was found. There are not enough hosts available.' } });
    expect(decide(act('2.29', { host: 'compute-02', block_migration: false }), { hosts })).toMatchObject({ fault: { message: 'The supplied hypervisor type of is invalid.' } });
  });
  it('a down source host fails first', () => {
    const hosts = [host('compute-01', { serviceState: 'down' }), ...HOSTS.slice(1)];
    expect(decide(act('2.30', { host: null, block_migration: false }), { hosts })).toMatchObject({ fault: { message: 'Compute service of compute-01 is unavailable at this time.' } });
  });
  it('disabled hosts are not scheduler candidates', () => {
    const hosts = [HOSTS[0]!, host('compute-02', { sharedStorageGroup: 'nfs-a', serviceStatus: 'disabled' })];
    expect(decide(act('2.30', { host: null, block_migration: false }), { hosts })).toMatchObject({ fault: { message: 'No valid host was found. There are not enough hosts available.' } });
  });
});

describe('pre-checks from 2.34 are accepted and fail later', () => {
  it('a failing forced move is accepted with the error for the migration record', () => {
    expect(decide(act('2.34', { host: 'compute-03', block_migration: false, force: true }))).toEqual({
      kind: 'accepted', destination: null, migrationDestCompute: 'compute-03', hostHandling: 'forced', preCheckError: `Migration pre-check error: ${REASON}` });
  });
  it('a scheduler run out of hosts is accepted with NoValidHost', () => {
    expect(decide(act('2.68', { host: 'compute-04', block_migration: false }))).toEqual({
      kind: 'accepted', destination: null, migrationDestCompute: null, hostHandling: 'scheduler-verified', preCheckError: 'No valid host was found. There are not enough hosts available.' });
  });
  it('API-side checks stay synchronous', () => {
    expect(decide(act('2.34', { host: 'nope', block_migration: false }))).toMatchObject({ kind: 'fault', stage: 'host-lookup' });
    expect(decide(act('2.34', { host: null, block_migration: false, force: true }))).toMatchObject({ kind: 'fault', stage: 'force-without-host' });
  });
  it('a healthy move is accepted without error', () => {
    expect(decide(act('2.93', { host: 'compute-02', block_migration: 'auto' }))).toEqual({
      kind: 'accepted', destination: 'compute-02', migrationDestCompute: 'compute-02', hostHandling: 'scheduler-verified', preCheckError: null });
  });
});
