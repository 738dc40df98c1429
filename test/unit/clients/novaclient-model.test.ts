import { describe, expect, it } from 'vitest';
import { callManagerLiveMigrate as callManager, callResourceLiveMigrate as callResource } from '../../../src/clients/novaclient-model.js';
import type { PyKeywords, PyValue } from '../../../src/clients/python-call.js';
import { novaclientRuntime } from '../../../src/clients/versions/runtimes.js';
import type { Microversion } from '../../../src/microversion/version.js';
import { novaclientVersionHeaders, keystoneauthVersionHeaders } from '../../../src/clients/wire.js';
import { mv } from '../../../src/microversion/version.js';

const ID = 'srv-1';
/** Debian 12's novaclient 18.1.0 under Python 3.11. */
const BOOKWORM = novaclientRuntime('18.1.0');
const callManagerLiveMigrate = (v: Microversion, id: string, positional: PyValue[], keywords: PyKeywords = []) => callManager(BOOKWORM, v, id, positional, keywords);
const callResourceLiveMigrate = (v: Microversion, id: string, keywords: PyKeywords) => callResource(BOOKWORM, v, id, keywords);

function body(result: ReturnType<typeof callManager>): unknown {
  if (result.kind !== 'request') throw new Error(`refused: ${result.message}`);
  return (result.request.body as Record<string, unknown>)['os-migrateLive'];
}

describe('novaclient microversion headers (api_versions.update_headers)', () => {
  it.each([
    ['2.0', {}],
    ['2.1', { 'x-openstack-nova-api-version': '2.1' }],
    ['2.26', { 'x-openstack-nova-api-version': '2.26' }],
    ['2.27', { 'x-openstack-nova-api-version': '2.27', 'openstack-api-version': 'compute 2.27' }],
  ])('sends for %s exactly %o', (version, headers) => {
    expect(novaclientVersionHeaders(mv(version))).toEqual(headers);
  });

  it('keystoneauth always sends both headers, and none without a microversion', () => {
    expect(keystoneauthVersionHeaders(mv('2.25'))).toEqual({ 'openstack-api-version': 'compute 2.25', 'x-openstack-nova-api-version': '2.25' });
    expect(keystoneauthVersionHeaders(null)).toEqual({});
  });
});

describe('ServerManager.live_migrate signatures per band', () => {
  it('takes disk_over_commit positionally up to 2.24', () => {
    expect(body(callManagerLiveMigrate(mv('2.24'), ID, ['h', false, true]))).toEqual({ host: 'h', block_migration: false, disk_over_commit: true });
  });

  it('rejects a fourth positional argument from 2.25 to 2.29 with the TypeError text', () => {
    for (const v of ['2.25', '2.29']) {
      expect(callManagerLiveMigrate(mv(v), ID, ['h', false, true])).toEqual({
        kind: 'refused',
        message: 'TypeError: ServerManager.live_migrate() takes 4 positional arguments but 5 were given',
      });
    }
  });

  it('turns a fourth positional argument into force from 2.30 to 2.67', () => {
    for (const v of ['2.30', '2.67']) {
      expect(body(callManagerLiveMigrate(mv(v), ID, ['h', false, true]))).toEqual({ host: 'h', block_migration: false, force: true });
    }
  });

  it('never sends force: false (only a truthy force is added)', () => {
    expect(body(callManagerLiveMigrate(mv('2.30'), ID, [null, 'auto', false]))).toEqual({ host: null, block_migration: 'auto' });
  });

  it('rejects a fourth positional argument again from 2.68', () => {
    expect(callManagerLiveMigrate(mv('2.68'), ID, ['h', false, true]).kind).toBe('refused');
  });

  it('reproduces CPython 3.11 texts for unknown keywords, missing and duplicate arguments', () => {
    expect(callManagerLiveMigrate(mv('2.25'), ID, ['h', 'auto'], [['force', true]])).toEqual({
      kind: 'refused',
      message: "TypeError: ServerManager.live_migrate() got an unexpected keyword argument 'force'",
    });
    expect(callManagerLiveMigrate(mv('2.24'), ID, ['h', false])).toEqual({
      kind: 'refused',
      message: "TypeError: ServerManager.live_migrate() missing 1 required positional argument: 'disk_over_commit'",
    });
    expect(callManagerLiveMigrate(mv('2.24'), ID, [])).toEqual({
      kind: 'refused',
      message: "TypeError: ServerManager.live_migrate() missing 3 required positional arguments: 'host', 'block_migration', and 'disk_over_commit'",
    });
    expect(callManagerLiveMigrate(mv('2.30'), ID, ['h', false, true, true])).toEqual({
      kind: 'refused',
      message: 'TypeError: ServerManager.live_migrate() takes from 4 to 5 positional arguments but 6 were given',
    });
    expect(callManagerLiveMigrate(mv('2.30'), ID, ['h', false], [['host', 'a']])).toEqual({
      kind: 'refused',
      message: "TypeError: ServerManager.live_migrate() got multiple values for argument 'host'",
    });
  });

  it('passes "auto" through below 2.25 (no client-side check)', () => {
    expect(body(callManagerLiveMigrate(mv('2.1'), ID, [null, 'auto', false]))).toEqual({ host: null, block_migration: 'auto', disk_over_commit: false });
  });

  it('a 2.0 client sends no microversion header and reports no microversion', () => {
    const result = callManagerLiveMigrate(mv('2.0'), ID, [null, false, false]);
    expect(result.kind === 'request' && result.request.headers).toEqual({ 'content-type': 'application/json' });
    expect(result.kind === 'request' && result.microversion).toBeNull();
  });
});

describe('Server.live_migrate resource defaults', () => {
  it('maps a None block_migration to False below 2.25 and to "auto" from 2.25', () => {
    expect(body(callResourceLiveMigrate(mv('2.24'), ID, [['block_migration', null], ['host', null]]))).toEqual({
      host: null,
      block_migration: false,
      disk_over_commit: false,
    });
    expect(body(callResourceLiveMigrate(mv('2.25'), ID, [['block_migration', null], ['host', null]]))).toEqual({ host: null, block_migration: 'auto' });
  });
});

describe('what differs by novaclient release and by the Python of its suite', () => {
  it('18.13.1 refuses a client version above its 2.96 maximum when the client is made, in APIVersion.__str__ words', () => {
    expect(callManager(novaclientRuntime('18.13.1'), mv('2.97'), ID, [null, 'auto'])).toEqual({
      kind: 'refused',
      message: "UnsupportedVersion: Invalid client version '2.97'. Max version supported is 'API Version Major: 2, Minor: 96'",
    });
    expect(callManager(novaclientRuntime('18.13.1'), mv('2.96'), ID, [null, 'auto']).kind).toBe('request');
    expect(callManager(novaclientRuntime('18.9.0'), mv('2.104'), ID, [null, 'auto']).kind).toBe('request');
  });

  it('words a TypeError without the class name under Python 3.9 (bullseye) and with a suggestion from 3.13 (trixie)', () => {
    const misspelt: PyKeywords = [['host', null], ['block_migraton', true]];
    expect(callResource(novaclientRuntime('17.2.1'), mv('2.30'), ID, misspelt)).toEqual({
      kind: 'refused',
      message: "TypeError: live_migrate() got an unexpected keyword argument 'block_migraton'",
    });
    expect(callResource(novaclientRuntime('18.1.0'), mv('2.30'), ID, misspelt)).toEqual({
      kind: 'refused',
      message: "TypeError: Server.live_migrate() got an unexpected keyword argument 'block_migraton'",
    });
    expect(callResource(novaclientRuntime('18.9.0'), mv('2.30'), ID, misspelt)).toEqual({
      kind: 'refused',
      message: "TypeError: Server.live_migrate() got an unexpected keyword argument 'block_migraton'. Did you mean 'block_migration'?",
    });
  });
});
