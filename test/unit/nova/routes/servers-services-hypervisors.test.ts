import { describe, expect, it } from 'vitest';
import { EmulatorClient, MEMBER, SERVERS, faultMessage } from './emulator-client.js';

describe('GET /servers', () => {
  it('derives status from vm_state and task_state like Nova', () => {
    const c = new EmulatorClient('zed');
    const status = (id: string) => c.server(id).status;
    expect(status(SERVERS.active)).toBe('ACTIVE');
    expect(status(SERVERS.paused)).toBe('PAUSED');
    expect(status(SERVERS.shutoff)).toBe('SHUTOFF');
    expect(status(SERVERS.migrating)).toBe('MIGRATING');
    expect(status(SERVERS.error)).toBe('ERROR');
  });

  it('shows locked from 2.9 only', () => {
    const c = new EmulatorClient('zed');
    expect(c.server(SERVERS.locked, '2.8').locked).toBeUndefined();
    expect(c.server(SERVERS.locked, '2.9').locked).toBe(true);
  });

  it('answers an unknown server with 404 Instance could not be found', () => {
    const r = new EmulatorClient('zed').get('/v2.1/servers/nope');
    expect(r.status).toBe(404);
    expect(faultMessage(r)).toBe('Instance nope could not be found.');
  });

  it('lists the nine world servers (and detail with the full view)', () => {
    const c = new EmulatorClient('zed');
    expect(c.get('/v2.1/servers').json().servers).toHaveLength(9);
    const detail = c.get('/v2.1/servers/detail').json().servers;
    expect(detail.find((s: { id: string }) => s.id === SERVERS.paused)['OS-EXT-STS:vm_state']).toBe('paused');
  });
});

describe('GET /os-services', () => {
  it('lists nova-compute services with integer ids before 2.53 and UUIDs from 2.53', () => {
    const c = new EmulatorClient('zed');
    const old = c.get('/v2.1/os-services', { version: '2.52', query: 'binary=nova-compute' }).json().services;
    expect(old.map((s: { host: string; state: string }) => [s.host, s.state])).toEqual([
      ['compute-01', 'up'], ['compute-02', 'up'], ['compute-03', 'up'], ['compute-04', 'down'],
    ]);
    expect(old[0].id).toBe(1);
    expect(old[0].forced_down).toBe(false);
    const modern = c.get('/v2.1/os-services', { version: '2.53', query: 'host=compute-02' }).json().services;
    expect(modern).toHaveLength(1);
    expect(modern[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.get('/v2.1/os-services', { version: '2.10' }).json().services[0].forced_down).toBeUndefined();
  });

  it('returns nothing for another binary and denies non-admins', () => {
    const c = new EmulatorClient('zed');
    expect(c.get('/v2.1/os-services', { query: 'binary=nova-scheduler' }).json().services).toEqual([]);
    expect(faultMessage(c.get('/v2.1/os-services', { token: MEMBER }))).toBe("Policy doesn't allow os_compute_api:os-services:list to be performed.");
  });
});

describe('GET /os-hypervisors', () => {
  it('lists hypervisors with hostname, state and status; ids by 2.53', () => {
    const c = new EmulatorClient('zed');
    const list = c.get('/v2.1/os-hypervisors', { version: '2.52' }).json().hypervisors;
    expect(list[3]).toEqual({ id: 4, hypervisor_hostname: 'compute-04.local', state: 'down', status: 'enabled' });
    expect(c.get('/v2.1/os-hypervisors', { version: '2.53' }).json().hypervisors[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops the counters from details at 2.88 and adds uptime', () => {
    const c = new EmulatorClient('zed');
    const old = c.get('/v2.1/os-hypervisors/detail', { version: '2.87' }).json().hypervisors[0];
    expect(old.vcpus).toBe(8);
    expect(old.service.host).toBe('compute-01');
    const modern = c.get('/v2.1/os-hypervisors/detail', { version: '2.88' }).json().hypervisors[0];
    expect(modern.vcpus).toBeUndefined();
    expect(modern).toHaveProperty('uptime', null);
  });
});

describe('legacy /v2 resource views', () => {
  it('run at 2.1: hypervisor counters and the cpu_info string are present, locked is not', () => {
    const c = new EmulatorClient('zed');
    const hv = c.get('/v2/os-hypervisors/detail').json().hypervisors[0];
    expect(hv.vcpus).toBe(8);
    expect(hv.cpu_info).toBe('{}');
    expect(c.get(`/v2/servers/${SERVERS.locked}`).json().server.locked).toBeUndefined();
  });
});
