import { describe, expect, it } from 'vitest';
import { EmulatorClient } from './routes/emulator-client.js';

describe('emulator version documents', () => {
  it('GET / lists v2.0 SUPPORTED and v2.1 at the release maximum on Zed, ignoring version headers', () => {
    const c = new EmulatorClient('zed');
    const r = c.get('/', { token: null, version: '2.999' });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({
      versions: [
        { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `${c.origin}/v2/` }] },
        { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1', updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${c.origin}/v2.1/` }] },
      ],
    });
    expect(r.header('OpenStack-API-Version')).toBeUndefined();
    expect(r.header('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(r.header('x-compute-request-id')).toBe(r.header('x-openstack-request-id'));
  });

  it('marks v2.0 DEPRECATED from Flamingo (2025.2) on', () => {
    const v20 = new EmulatorClient('flamingo').get('/').json().versions[0];
    expect(v20).toMatchObject({ status: 'DEPRECATED', updated: '2025-07-04T12:00:00Z' });
  });

  it('shows a capped target maximum (zed@2.60) in the v2.1 entry', () => {
    expect(new EmulatorClient('zed@2.60').get('/').json().versions[1].version).toBe('2.60');
  });

  it('answers any other root path with 300 choices pointing under each version', () => {
    const c = new EmulatorClient('zed');
    const r = c.get('/servers');
    expect(r.status).toBe(300);
    expect(r.json().choices[1]).toEqual({
      id: 'v2.1',
      status: 'CURRENT',
      links: [{ rel: 'self', href: `${c.origin}/v2.1/servers` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    });
  });

  it('serves the v2.1 document at /v2.1 and /v2.1/ with the effective version headers', () => {
    const c = new EmulatorClient('zed');
    for (const path of ['/v2.1', '/v2.1/']) {
      const r = c.get(path, { token: null, version: '2.30' });
      expect(r.status).toBe(200);
      expect(r.json().version.links[0]).toEqual({ rel: 'self', href: `${c.origin}/v2.1/` });
      expect(r.json().version.version).toBe('2.93');
      expect(r.header('OpenStack-API-Version')).toBe('compute 2.30');
      expect(r.headerValues('Vary')).toEqual(['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version']);
    }
  });

  it('answers a malformed version on /v2.1/ with 400 and no version headers', () => {
    const r = new EmulatorClient('zed').get('/v2.1/', { version: '2.01' });
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ badRequest: { code: 400, message: 'API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.' } });
    expect(r.header('OpenStack-API-Version')).toBeUndefined();
    expect(r.header('Content-Type')).toBe('application/json; charset=UTF-8');
  });

  it('answers an out-of-range version on /v2.1/ with 406 echoing the requested version', () => {
    const r = new EmulatorClient('zed').get('/v2.1/', { version: '2.94' });
    expect(r.status).toBe(406);
    expect(r.json().computeFault.message).toBe('Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.');
    expect(r.header('X-OpenStack-Nova-API-Version')).toBe('2.94');
  });

  it('before Newton reads and returns only the legacy header', () => {
    const c = new EmulatorClient('mitaka');
    const ignored = c.get('/v2.1/', { version: '2.25' });
    expect(ignored.header('X-OpenStack-Nova-API-Version')).toBe('2.1');
    expect(ignored.header('OpenStack-API-Version')).toBeUndefined();
    const legacy = c.get('/v2.1/', { headers: { 'X-OpenStack-Nova-API-Version': '2.25' } });
    expect(legacy.header('X-OpenStack-Nova-API-Version')).toBe('2.25');
    expect(legacy.headerValues('Vary')).toEqual(['X-OpenStack-Nova-API-Version']);
  });

  it('serves the legacy v2.0 document at /v2 and /v2/ without version headers', () => {
    const c = new EmulatorClient('zed');
    for (const path of ['/v2', '/v2/']) {
      const r = c.get(path, { version: '2.999' });
      expect(r.status).toBe(200);
      expect(r.json().version).toMatchObject({ id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '' });
      expect(r.json().version.links[0].href).toBe(`${c.origin}/v2/`);
      expect(r.header('Vary')).toBeUndefined();
    }
  });

  it('shows the version document inside the API at /v2.1/<project>/ (authenticated, microversioned)', () => {
    const c = new EmulatorClient('zed');
    const r = c.get('/v2.1/6f70656e737461636b20726f636b7321/', { version: '2.60' });
    expect(r.status).toBe(200);
    expect(r.json().version.id).toBe('v2.1');
    expect(r.header('X-OpenStack-Nova-API-Version')).toBe('2.60');
  });

  it('answers /v2.1/<project> without the trailing slash with webob 404 (no route), as novaclient discovery expects', () => {
    const r = new EmulatorClient('zed').get('/v2.1/6f70656e737461636b20726f636b7321');
    expect(r.status).toBe(404);
    expect(r.body).toBe('404 Not Found\n\nThe resource could not be found.\n\n   ');
  });
});

describe('version documents and Content-Type', () => {
  it('answers a non-JSON Content-Type on the version documents with 415 (they are wsgi Resources too)', () => {
    const c = new EmulatorClient('zed');
    expect(c.get('/', { headers: { 'Content-Type': 'application/xml' } }).status).toBe(415);
    const v21 = c.get('/v2.1/', { version: '2.30', headers: { 'Content-Type': 'application/xml' } });
    expect(v21.status).toBe(415);
    expect(v21.header('OpenStack-API-Version')).toBe('compute 2.30');
    expect(c.get('/v2/', { headers: { 'Content-Type': 'text/plain' } }).status).toBe(200);
  });
});
