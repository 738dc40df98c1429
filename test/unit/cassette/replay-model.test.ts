import { describe, expect, it } from 'vitest';
import { buildInteraction } from '../../../src/cassette/interaction.js';
import { createRedactor } from '../../../src/cassette/redact.js';
import type { Cassette } from '../../../src/cassette/types.js';
import type { HttpRequest } from '../../../src/http/message.js';
import { indexCassette, replayRequest } from '../../../src/providers/replay/replay-model.js';

const UNKNOWN = '9c4a3b1e-5d2f-4e8a-b7c6-0a1b2c3d4e5f';
const BASE = 'http://127.0.0.1:9999';
const BODY = '{"os-migrateLive": {"block_migration": "auto", "host": null}}';

function recorded(headers: Record<string, string>, status: number, body: string) {
  return buildInteraction(
    'x',
    { method: 'POST', path: `/v2.1/servers/${UNKNOWN}/action`, headers: { 'content-type': 'application/json', ...headers }, body: BODY },
    { status, headers: [['Content-Type', 'application/json'], ['Location', `${BASE}/v2.1/`]], body },
    { redactor: createRedactor(), projectIds: [], serverRef: 'unknown', caller: 'admin', newStyleHeader: true, baseUrl: BASE },
  );
}

const cassette: Cassette = {
  format: 'mvmatrix-cassette',
  version: 1,
  metadata: { recordedAt: 't', targetOrigin: 'http://127.0.0.1', target: 'zed', maxMicroversion: '2.93', novaVersion: null, mvmatrixVersion: '0', requestSet: 's', note: null },
  servers: { unknown: { id: UNKNOWN, host: null } },
  interactions: [
    recorded({ 'openstack-api-version': 'compute 2.30' }, 404, `{"message": "Instance ${UNKNOWN} could not be found."}`),
    recorded({ 'x-openstack-nova-api-version': 'Latest' }, 400, '{"message": "API Version String Latest is of invalid format."}'),
  ],
};
const index = indexCassette(cassette);

function post(headers: Record<string, string>, id = UNKNOWN, body = BODY): HttpRequest {
  return { method: 'POST', path: `/v2.1/servers/${id}/action`, query: '', headers: { 'content-type': 'application/json', 'x-auth-token': 'admin:p', ...headers }, body };
}

describe('replaying from a cassette', () => {
  it('answers a recorded request with the base URL of the replay server', () => {
    const answer = replayRequest(index, post({ 'openstack-api-version': 'compute 2.30' }), 'http://replay:1');
    expect(answer.kind).toBe('hit');
    expect(answer.response.headers).toContainEqual(['Location', 'http://replay:1/v2.1/']);
  });

  it('matches a body whose keys come in another order and spacing', () => {
    const answer = replayRequest(index, post({ 'openstack-api-version': 'compute 2.30' }, UNKNOWN, '{"os-migrateLive":{"host":null,"block_migration":"auto"}}'), 'x');
    expect(answer.kind).toBe('hit');
  });

  it('answers the same valid microversion sent in the legacy header', () => {
    expect(replayRequest(index, post({ 'x-openstack-nova-api-version': '2.30' }), 'x').response.status).toBe(404);
  });

  it('does not answer a differently spelled malformed version from the recording', () => {
    expect(replayRequest(index, post({ 'x-openstack-nova-api-version': 'LATEST' }), 'x').response.status).toBe(598);
    expect(replayRequest(index, post({ 'x-openstack-nova-api-version': 'Latest' }), 'x').response.status).toBe(400);
  });

  it('misses when the content type differs, since Nova answers XML with 415', () => {
    const answer = replayRequest(index, post({ 'openstack-api-version': 'compute 2.30', 'content-type': 'application/xml' }), 'x');
    expect(answer.kind).toBe('miss');
  });

  it('misses a request sent by another caller, with a hint which caller was recorded', () => {
    const answer = replayRequest(index, post({ 'openstack-api-version': 'compute 2.30', 'x-auth-token': 'member:p' }), 'x');
    expect(answer.response.status).toBe(598);
    expect(JSON.parse(answer.response.body).mvmatrixReplayMiss.hint).toBe('recorded only for caller admin: send X-Auth-Token admin:<project>');
  });

  it('names the requested unknown server in the recorded 404', () => {
    const other = '00000000-0000-4000-8000-0000000000aa';
    const answer = replayRequest(index, post({ 'openstack-api-version': 'compute 2.30' }, other), 'x');
    expect(answer.response.body).toBe(`{"message": "Instance ${other} could not be found."}`);
  });
});
