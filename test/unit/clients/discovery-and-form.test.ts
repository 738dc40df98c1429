import { describe, expect, it } from 'vitest';
import { buildLiveMigration, discoverVersionRange, horizonFormFields, parseVersionDocument } from '../../../src/clients/index.js';
import type { DiscoveredRange } from '../../../src/clients/index.js';
import { MvmError } from '../../../src/errors.js';
import { mv } from '../../../src/microversion/version.js';

const V21 = JSON.stringify({ version: { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1' } });
const V20 = JSON.stringify({ version: { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' } });
const ROOT = JSON.stringify({
  versions: [
    { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' },
    { id: 'v2.1', status: 'CURRENT', version: '2.104', min_version: '2.1' },
  ],
});

function server(routes: Record<string, [number, string]>) {
  const calls: string[] = [];
  const get = async (url: string) => {
    calls.push(url);
    const [status, body] = routes[url] ?? [404, '{}'];
    return { status, body };
  };
  return { calls, get };
}

describe('parseVersionDocument', () => {
  it('reads a v2.1 document, a v2.0 document and a root list', () => {
    expect(parseVersionDocument(200, V21)).toEqual({ kind: 'range', min: mv('2.1'), max: mv('2.93') });
    expect(parseVersionDocument(200, V20).kind).toBe('none');
    expect(parseVersionDocument(200, ROOT)).toEqual({ kind: 'range', min: mv('2.1'), max: mv('2.104') });
    expect(parseVersionDocument(401, V21).kind).toBe('invalid');
    expect(parseVersionDocument(200, 'nope').kind).toBe('invalid');
  });
});

describe('novaclient discovery (Horizon uses it)', () => {
  it('GETs the endpoint as is', async () => {
    const s = server({ 'http://h/v2.1': [200, V21] });
    expect(await discoverVersionRange('horizon-60455e5ff', 'http://h/v2.1', s.get)).toEqual({ kind: 'range', min: mv('2.1'), max: mv('2.93') });
    expect(s.calls).toEqual(['http://h/v2.1']);
  });

  it('retries without the last path segment plus "/" on 404', async () => {
    const s = server({ 'http://h/v2.1/': [200, V21] });
    expect((await discoverVersionRange('novaclient@18.13.1', 'http://h/v2.1/abc', s.get)).kind).toBe('range');
    expect(s.calls).toEqual(['http://h/v2.1/abc', 'http://h/v2.1/']);
  });

  it('gives no range on 401 and on a v2.0 document', async () => {
    expect((await discoverVersionRange('horizon-proposed', 'http://h/v2.1', server({ 'http://h/v2.1': [401, '{}'] }).get)).kind).toBe('none');
    expect((await discoverVersionRange('horizon-proposed', 'http://h/v2', server({ 'http://h/v2': [200, V20] }).get)).kind).toBe('none');
  });

  it('fails like novaclient on other errors', async () => {
    await expect(discoverVersionRange('horizon-proposed', 'http://h/v2.1', server({ 'http://h/v2.1': [500, '{}'] }).get)).rejects.toBeInstanceOf(MvmError);
  });
});

describe('keystoneauth discovery (openstacksdk)', () => {
  it('falls back to the unversioned root', async () => {
    const s = server({ 'http://h/': [200, ROOT] });
    expect(await discoverVersionRange('openstacksdk', 'http://h/v2.1', s.get)).toEqual({ kind: 'range', min: mv('2.1'), max: mv('2.104') });
  });

  it('reports a 401 as the DiscoveryFailure the SDK raises, worded by its keystoneauth release', async () => {
    const range = await discoverVersionRange('openstacksdk', 'http://h/v2.1', server({ 'http://h/v2.1': [401, '{}'] }).get);
    expect(range).toMatchObject({ kind: 'none', discoveryFailedAt: 'http://h/v2.1' });
    expect(buildLiveMigration('openstacksdk@4.20.0', { host: null, blockMigration: 'default', diskOverCommit: 'default' }, range, 's')).toEqual({
      kind: 'refused',
      message: 'DiscoveryFailure: Unable to find a version discovery document at http://h/v2.1, the service is unavailable or misconfigured. Required version range (any - any), version hack disabled.',
    });
    expect(buildLiveMigration('openstacksdk@0.50.0', { host: null, blockMigration: 'default', diskOverCommit: 'default' }, range, 's')).toEqual({
      kind: 'refused',
      message: 'DiscoveryFailure: Version requested but version discovery document was not found and allow_version_hack was False',
    });
  });

  it('openstackclient up to 6.x does not discover at all; from 7 it discovers like the SDK', async () => {
    const s = server({});
    expect((await discoverVersionRange('openstackclient@6.0.0', 'http://h/v2.1', s.get)).kind).toBe('none');
    expect(s.calls).toEqual([]);
    const v7 = server({ 'http://h/v2.1': [200, V21] });
    expect((await discoverVersionRange('openstackclient@7.4.0', 'http://h/v2.1', v7.get)).kind).toBe('range');
  });

  it('Horizon before 60455e5ff does not discover for a live migration', async () => {
    const s = server({});
    expect((await discoverVersionRange('horizon@25.3.0', 'http://h/v2.1', s.get)).kind).toBe('none');
    expect(s.calls).toEqual([]);
  });
});

describe('horizonFormFields', () => {
  const r = (max: string): DiscoveredRange => ({ kind: 'range', min: mv('2.1'), max: mv(max) });

  it('shows every Horizon release before 60455e5ff sending the real disk_over_commit', () => {
    for (const id of ['horizon@18.6.2', 'horizon@23.0.0', 'horizon@25.3.0', 'horizon-legacy']) {
      expect(horizonFormFields(id, r('2.93'))).toMatchObject({ microversion: null, diskOverCommit: { sentAs: 'disk_over_commit' }, host: { namedHostMeans: 'forced' } });
    }
  });

  it('shows the 60455e5ff Disk Over Commit box as force from 2.30', () => {
    expect(horizonFormFields('horizon@27.0.0', r('2.30')).diskOverCommit).toEqual({ shown: true, sentAs: 'force' });
    expect(horizonFormFields('horizon-60455e5ff', r('2.29')).diskOverCommit).toEqual({ shown: true, sentAs: 'disk_over_commit' });
    expect(horizonFormFields('horizon-60455e5ff', r('2.30')).diskOverCommit).toEqual({ shown: true, sentAs: 'force' });
    expect(horizonFormFields('horizon-60455e5ff', r('2.30')).host.namedHostMeans).toBe('forced-if-box-ticked');
  });

  it('offers the proposed fields per release band', () => {
    const old = horizonFormFields('horizon-proposed', r('2.24'));
    expect([old.diskOverCommit.shown, old.blockMigration.control, old.force.shown, old.microversion]).toEqual([true, 'checkbox', true, null]);
    const mitaka = horizonFormFields('horizon-proposed', r('2.25'));
    expect([mitaka.diskOverCommit.shown, mitaka.blockMigration.control, mitaka.host.namedHostMeans]).toEqual([false, 'auto-block-shared', 'refused-without-force']);
    const zed = horizonFormFields('horizon-proposed', r('2.93'));
    expect([zed.microversion, zed.host.namedHostMeans, zed.force.shown, zed.diskOverCommit.shown]).toEqual(['2.68', 'scheduler-verified', true, false]);
  });

  it('rejects a non-Horizon profile', () => {
    expect(() => horizonFormFields('openstacksdk', r('2.93'))).toThrow(MvmError);
  });
});
