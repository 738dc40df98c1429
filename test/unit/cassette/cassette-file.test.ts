import { thrownMvmError } from '../../support/thrown-mvm-error.js';
import { describe, expect, it } from 'vitest';
import { decodeCassette, parseCassette, serializeCassette } from '../../../src/cassette/cassette-file.js';
import type { Cassette } from '../../../src/cassette/types.js';
import { MvmError } from '../../../src/errors.js';

function minimalCassette(): Cassette {
  return {
    format: 'mvmatrix-cassette',
    version: 1,
    metadata: {
      recordedAt: '2026-11-24T00:00:00.000Z',
      targetOrigin: 'http://127.0.0.1',
      target: 'zed',
      maxMicroversion: '2.93',
      novaVersion: null,
      mvmatrixVersion: '0.1.0',
      requestSet: 'test',
      note: null,
    },
    servers: { unknown: { id: 'abc', host: null } },
    interactions: [
      {
        key: 'GET / mv=default body= hdr=-|-',
        name: 'versions',
        request: {
          method: 'GET',
          pathTemplate: '/',
          path: '/',
          serverRef: null,
          caller: 'admin',
          microversion: { effective: 'default', openstackApiVersion: null, novaApiVersion: null },
          contentType: null,
          body: '',
          bodyKey: '',
        },
        response: { status: 200, headers: [['Content-Type', 'application/json']], body: '{}' },
      },
    ],
  };
}


describe('cassette files', () => {
  it('round-trips a valid cassette byte for byte', () => {
    const text = serializeCassette(minimalCassette());
    expect(serializeCassette(parseCassette(text, 'c.json'))).toBe(text);
  });

  it('writes properties in a fixed order whatever order they were built in', () => {
    const c = minimalCassette();
    const shuffled = JSON.parse(JSON.stringify({ interactions: c.interactions, servers: c.servers, metadata: c.metadata, version: 1, format: c.format })) as Cassette;
    expect(serializeCassette(shuffled)).toBe(serializeCassette(c));
  });

  it('names the file and the JSON path of a bad field', () => {
    const bad = JSON.parse(serializeCassette(minimalCassette())) as { interactions: Array<{ response: { status: unknown } }> };
    bad.interactions[0]!.response.status = 'ok';
    const error = thrownMvmError(() => decodeCassette(bad, 'fixtures/bad.json'));
    expect(error.code).toBe('MVM_ERR_INVALID_CASSETTE');
    expect(error.where).toBe('fixtures/bad.json#/interactions/0/response/status');
  });

  it('rejects another format version with a message saying which one it reads', () => {
    const error = thrownMvmError(() => parseCassette(JSON.stringify({ ...minimalCassette(), version: 2 }), 'v2.json'));
    expect(error.where).toBe('v2.json#/version');
    expect(error.message).toContain('version 2 is not supported');
  });

  it('rejects text that is not JSON and files that are not cassettes', () => {
    expect(thrownMvmError(() => parseCassette('{', 'x.json')).code).toBe('MVM_ERR_INVALID_CASSETTE');
    expect(thrownMvmError(() => parseCassette('{"format":"har"}', 'x.json')).where).toBe('x.json#/format');
  });

  it('rejects two interactions with the same key', () => {
    const c = minimalCassette();
    const error = thrownMvmError(() => decodeCassette({ ...c, interactions: [c.interactions[0], c.interactions[0]] }, 'd.json'));
    expect(error.where).toBe('d.json#/interactions/1/key');
  });
});
