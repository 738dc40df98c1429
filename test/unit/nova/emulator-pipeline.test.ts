import { describe, expect, it } from 'vitest';
import { EmulatorClient, MEMBER, PROJECT, SERVERS, faultMessage } from './routes/emulator-client.js';

const valid230 = { 'os-migrateLive': { host: null, block_migration: 'auto' } };

describe('emulator request pipeline', () => {
  it('answers a request without X-Auth-Token with noauth2 204 and a fake token', () => {
    const c = new EmulatorClient('zed');
    const r = c.get('/v2.1/servers', { token: null, headers: { 'X-Auth-User': 'bob', 'X-Auth-Project-Id': 'p1' } });
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(r.header('X-Auth-Token')).toBe('bob:p1');
    expect(r.header('X-Server-Management-Url')).toBe(`${c.origin}/v2.1/servers/p1`);
  });

  it('accepts the project id in the path when it equals the token project', () => {
    const r = new EmulatorClient('zed').get(`/v2.1/${PROJECT}/servers/${SERVERS.active}`);
    expect(r.status).toBe(200);
    expect(r.json().server.links[0].href).toContain(`/v2.1/${PROJECT}/servers/`);
  });

  it('rejects a path project id that differs from the token project with Nova 400', () => {
    const r = new EmulatorClient('zed').get(`/v2.1/abc123/servers/${SERVERS.active}`);
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe(`Malformed request URL: URL's project_id 'abc123' doesn't match Context's project_id '${PROJECT}'`);
  });

  it('negotiates the microversion on API routes: 400 without, 406 with the requested version headers', () => {
    const c = new EmulatorClient('zed');
    const bad = c.get(`/v2.1/servers/${SERVERS.active}`, { version: 'latest ' , headers: { 'OpenStack-API-Version': 'compute 2.x' } });
    expect(bad.status).toBe(400);
    expect(bad.header('OpenStack-API-Version')).toBeUndefined();
    const high = c.get(`/v2.1/servers/${SERVERS.active}`, { version: '2.94' });
    expect(high.status).toBe(406);
    expect(high.header('OpenStack-API-Version')).toBe('compute 2.94');
    const latest = c.get(`/v2.1/servers/${SERVERS.active}`, { headers: { 'X-OpenStack-Nova-API-Version': 'latest' } });
    expect(latest.header('X-OpenStack-Nova-API-Version')).toBe('2.93');
  });

  it('answers an unknown route with webob 404 (JSON when asked) and no version headers', () => {
    const r = new EmulatorClient('zed').get('/v2.1/os-nothing', { version: '2.30', headers: { Accept: 'application/json' } });
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({ message: 'The resource could not be found.<br /><br />\n\n\n', code: '404 Not Found', title: 'Not Found' });
    expect(r.header('OpenStack-API-Version')).toBeUndefined();
  });

  it('answers a wrong method on a known path with 404 (routes match on method)', () => {
    expect(new EmulatorClient('zed').call('PUT', `/v2.1/servers/${SERVERS.active}/action`, { body: valid230 }).status).toBe(404);
  });

  it('treats absent and text/plain Content-Type as JSON and rejects others with 415', () => {
    const c = new EmulatorClient('zed');
    expect(c.liveMigrate('00000000-0000-0000-0000-000000000000', valid230['os-migrateLive'], { version: '2.30', headers: { 'Content-Type': 'text/plain' } }).status).toBe(404);
    expect(c.liveMigrate('00000000-0000-0000-0000-000000000000', valid230['os-migrateLive'], { version: '2.30', headers: { 'Content-Type': 'application/json; charset=UTF-8' } }).status).toBe(404);
    const r = c.liveMigrate(SERVERS.active, valid230['os-migrateLive'], { version: '2.30', headers: { 'Content-Type': 'application/xml' } });
    expect(r.status).toBe(415);
    expect(r.json()).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
    expect(r.header('OpenStack-API-Version')).toBe('compute 2.30');
  });

  it('answers a body over 114688 bytes with the sizelimit 413 before auth', () => {
    const c = new EmulatorClient('zed');
    const raw = JSON.stringify({ 'os-migrateLive': { host: 'x'.repeat(114688), block_migration: false } });
    const r = c.call('POST', `/v2.1/servers/${SERVERS.active}/action`, { raw, token: null });
    expect(r.status).toBe(413);
    expect(r.body).toBe('413 Request Entity Too Large\n\nRequest is too large. Larger than max_request_body_size (114688).\n\n   ');
    // Exactly at the limit is fine (the schema then answers).
    const atLimit = c.call('POST', `/v2.1/servers/${SERVERS.active}/action`, { raw: ' '.repeat(114688 - 2) + '{}' });
    expect(atLimit.status).toBe(400);
  });

  it('answers unparsable JSON and bodies without exactly one key with 400 Malformed request body', () => {
    const c = new EmulatorClient('zed');
    for (const raw of ['{', '', '{}', '{"a": 1, "b": 2}', '[1, 2]']) {
      const r = c.call('POST', `/v2.1/servers/${SERVERS.active}/action`, { raw });
      expect([raw, r.status, faultMessage(r)]).toEqual([raw, 400, 'Malformed request body']);
    }
  });

  it('answers a JSON scalar or one-element list body with 404 like Nova (len()/keys() fail)', () => {
    const c = new EmulatorClient('zed');
    for (const raw of ['null', '5', '5.0', 'true', '"x"', '["os-migrateLive"]']) {
      expect(c.call('POST', `/v2.1/servers/${SERVERS.active}/action`, { raw }).status).toBe(404);
    }
  });

  it('answers an unknown action with 400 There is no such action', () => {
    const r = new EmulatorClient('zed').action(SERVERS.active, { 'os-frobnicate': null });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe('There is no such action: os-frobnicate');
  });

  it('answers an action named like a JavaScript object member (toString, constructor, __proto__) with 400 There is no such action', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      const r = new EmulatorClient('zed').action(SERVERS.active, JSON.parse(`{${JSON.stringify(name)}: {"a": 1}}`));
      expect(r.status, name).toBe(400);
      expect(faultMessage(r), name).toBe(`There is no such action: ${name}`);
    }
  });

  it('writes Nova faults with Python json.dumps separators and the fault content type', () => {
    const r = new EmulatorClient('zed').action(SERVERS.active, { 'os-frobnicate': null });
    expect(r.body).toBe('{"badRequest": {"code": 400, "message": "There is no such action: os-frobnicate"}}');
    expect(r.header('Content-Type')).toBe('application/json; charset=UTF-8');
    expect(r.header('Content-Length')).toBe(String(r.body.length));
  });

  it('hides servers of other projects from non-admins (404)', () => {
    const r = new EmulatorClient('zed').get(`/v2.1/servers/${SERVERS.active}`, { token: 'member:otherproject' });
    expect(r.status).toBe(404);
    expect(faultMessage(r)).toBe(`Instance ${SERVERS.active} could not be found.`);
  });

  it('gives every response a fresh deterministic request id', () => {
    const c = new EmulatorClient('zed');
    const a = c.get('/').header('x-openstack-request-id');
    const b = c.get('/').header('x-openstack-request-id');
    expect(a).not.toBe(b);
    expect(new EmulatorClient('zed').get('/').header('x-openstack-request-id')).toBe(a);
  });

  it('serves the member token as non-admin: host attribute hidden', () => {
    const server = new EmulatorClient('zed').get(`/v2.1/servers/${SERVERS.active}`, { token: MEMBER }).json().server;
    expect(server['OS-EXT-SRV-ATTR:host']).toBeUndefined();
    expect(server.status).toBe('ACTIVE');
  });
});

describe('legacy /v2 endpoint', () => {
  it('ignores version headers, returns none, and validates with the 2.0 schema (required checked before extras are stripped)', () => {
    const c = new EmulatorClient('zed');
    const r = c.post(`/v2/servers/${SERVERS.active}/action`, { 'os-migrateLive': { host: null, block_migration: false, force: true } }, { version: '2.30' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe("Invalid input for field/attribute os-migrateLive. Value: {'host': None, 'block_migration': False, 'force': True}. 'disk_over_commit' is a required property");
    expect(r.header('OpenStack-API-Version')).toBeUndefined();
    expect(r.header('Vary')).toBeUndefined();
  });

  it('strips unknown properties and accepts a 2.0 body', () => {
    const c = new EmulatorClient('zed');
    const r = c.post(`/v2/${PROJECT}/servers/${SERVERS.active}/action`, { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false, force: true } });
    expect(r.status).toBe(202);
    expect(c.server(SERVERS.active)['OS-EXT-STS:task_state']).toBe('migrating');
  });

  it('has no server-migrations routes (2.1 behaviour)', () => {
    expect(new EmulatorClient('zed').get(`/v2/servers/${SERVERS.migrating}/migrations`).status).toBe(404);
  });
});
