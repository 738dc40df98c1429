import { describe, expect, it } from 'vitest';
import { bodyKey, canonicalJson } from '../../../src/cassette/canonical.js';
import { callerOfToken, interactionKeyString, looseKeyString, readCassetteMicroversion, templatePath } from '../../../src/cassette/key.js';

describe('path templates', () => {
  it('abstracts the server id of an action path', () => {
    const t = templatePath('/v2.1/servers/9c4a3b1e-5d2f-4e8a-b7c6-0a1b2c3d4e5f/action');
    expect(t.template).toBe('/v2.1/servers/{server_id}/action');
    expect(t.serverId).toBe('9c4a3b1e-5d2f-4e8a-b7c6-0a1b2c3d4e5f');
  });

  it('abstracts a hex project id and a migration id but keeps the query', () => {
    const t = templatePath('/v2.1/6f70656e737461636b20726f636b7321/servers/abc/migrations/17?limit=1');
    expect(t.template).toBe('/v2.1/{project_id}/servers/{server_id}/migrations/{migration_id}?limit=1');
    expect(t.projectId).toBe('6f70656e737461636b20726f636b7321');
    expect(t.migrationId).toBe('17');
  });

  it('abstracts a non-hex project id only when told it is one', () => {
    expect(templatePath('/v2.1/demo/servers/x/action').template).toBe('/v2.1/demo/servers/{server_id}/action');
    expect(templatePath('/v2.1/demo/servers/x/action', ['demo']).template).toBe('/v2.1/{project_id}/servers/{server_id}/action');
  });

  it('leaves servers/detail alone', () => {
    expect(templatePath('/v2.1/servers/detail').template).toBe('/v2.1/servers/detail');
  });
});

describe('microversion in keys', () => {
  it('reads the new header over the legacy one, as Nova does', () => {
    const mv = readCassetteMicroversion({ 'openstack-api-version': 'compute 2.30', 'x-openstack-nova-api-version': '2.25' });
    expect(mv).toEqual({ effective: '2.30', openstackApiVersion: 'compute 2.30', novaApiVersion: '2.25' });
  });

  it('keeps the raw text of a malformed version in the effective key', () => {
    expect(readCassetteMicroversion({ 'x-openstack-nova-api-version': 'Latest' }).effective).toBe('malformed:Latest');
  });

  it('says default when no header is sent, and latest for latest', () => {
    expect(readCassetteMicroversion({}).effective).toBe('default');
    expect(readCassetteMicroversion({ 'openstack-api-version': 'compute latest' }).effective).toBe('latest');
  });

  it('reads only the legacy header for pre-Newton targets', () => {
    expect(readCassetteMicroversion({ 'openstack-api-version': 'compute 2.5' }, false).effective).toBe('default');
  });
});

describe('canonical bodies', () => {
  it('ignores key order and whitespace of JSON bodies', () => {
    expect(bodyKey('{"b": 1, "a": {"y": 2, "x": 1}}')).toBe(bodyKey('{"a":{"x":1,"y":2},"b":1}'));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('hashes unparsable bodies, so different texts stay different keys', () => {
    expect(bodyKey('{"os-migrateLive": {')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bodyKey('{"os-migrateLive": {')).not.toBe(bodyKey('{"os-migrateLive": ['));
    expect(bodyKey('')).toBe('');
  });
});

describe('key strings', () => {
  const parts = {
    method: 'post',
    pathTemplate: '/v2.1/servers/{server_id}/action',
    serverRef: 'unknown',
    caller: 'admin' as const,
    microversion: { effective: '2.30', openstackApiVersion: null, novaApiVersion: '2.30' },
    contentType: 'Application/JSON; charset=utf-8',
    bodyKey: '{}',
  };

  it('names method, path, server role, microversion, headers and body', () => {
    expect(interactionKeyString(parts)).toBe('POST /v2.1/servers/{server_id}/action server=unknown mv=2.30 ct=application/json body={} hdr=-|2.30');
  });

  it('drops only the header spelling in the loose key', () => {
    expect(looseKeyString(parts)).toBe('POST /v2.1/servers/{server_id}/action server=unknown mv=2.30 ct=application/json body={}');
  });

  it('marks callers other than the recording admin', () => {
    expect(looseKeyString({ ...parts, caller: 'member' })).toBe('POST /v2.1/servers/{server_id}/action server=unknown as=member mv=2.30 ct=application/json body={}');
  });

  it('tells the caller from a noauth2 token, and takes other tokens for the recording admin', () => {
    expect([callerOfToken(undefined), callerOfToken('admin:p'), callerOfToken('member:p'), callerOfToken('alice:p'), callerOfToken('gAAAA-keystone')]).toEqual(['none', 'admin', 'member', 'member', 'admin']);
  });

  it('leaves the content type out when there is no body', () => {
    expect(looseKeyString({ ...parts, bodyKey: '' })).toBe('POST /v2.1/servers/{server_id}/action server=unknown mv=2.30 body=');
  });
});
