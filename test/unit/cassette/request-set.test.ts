import { describe, expect, it } from 'vitest';
import { loadRequestSet, parseRequestLines } from '../../../src/cassette/request-set.js';
import { MvmError } from '../../../src/errors.js';

describe('request sets', () => {
  it('keeps the built-in live-migration set between 100 and 300 requests, all on known server roles', async () => {
    const set = await loadRequestSet('live-migration');
    expect(set.requests.length).toBeGreaterThanOrEqual(100);
    expect(set.requests.length).toBeLessThanOrEqual(300);
    for (const r of set.requests) {
      if (r.path.includes('{server_id}')) expect(set.servers[r.serverRef ?? '']).toBeDefined();
    }
    const versions = new Set(set.requests.map((r) => r.headers?.['OpenStack-API-Version']).filter(Boolean));
    for (const v of ['2.1', '2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68', '2.93', 'latest', '2.94', '2.01']) {
      expect(versions, v).toContain(`compute ${v}`);
    }
  });

  it('builds the conformance-corpus set without the cases that need a fresh server', async () => {
    const set = await loadRequestSet('conformance-corpus');
    expect(set.requests.length).toBeGreaterThan(1000);
    expect(new Set(set.requests.map((r) => r.caller))).toEqual(new Set(['admin', 'member', 'none']));
    for (const r of set.requests) {
      expect(r.path).not.toContain('{server}');
      if (r.serverRef) expect(set.servers[r.serverRef], r.name).toBeDefined();
    }
  });

  it('reads a JSONL file, sending JSON bodies as JSON text and defaulting to the unknown server', () => {
    const set = parseRequestLines('# comment\n{"method":"post","path":"/v2.1/servers/{server_id}/action","body":{"a":1}}\n', 'dir/probe.jsonl');
    expect(set.name).toBe('probe');
    expect(set.requests).toEqual([
      { name: 'line 2', method: 'POST', path: '/v2.1/servers/{server_id}/action', serverRef: 'unknown', headers: {}, body: '{"a":1}', caller: 'admin' },
    ]);
  });

  it('names the line of a bad request', () => {
    try {
      parseRequestLines('{"method":"GET","path":"/"}\n{"method":"GET"}', 'r.jsonl');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MvmError);
      expect((error as MvmError).where).toBe('r.jsonl:2');
    }
  });
});
