import { describe, expect, it } from 'vitest';
import type { PactFile, PactInteraction } from '../../../src/pact/pact-file.js';
import { mapVerification, type KnownDifference, type RunObservations } from '../../../src/pact/verification-results.js';
import type { ObservedExchange } from '../../../src/pact/verification-server.js';

// The shapes below are Pact 16.5.0 / FFI 0.5.4 verifier JSON, as `mvmatrix verify` received it.
const PREFIX = 'Verifying a pact between horizon-60455e5ff and nova-zed Given server {template} on {host} And caller is {role} - ';

function interaction(description: string, template: string, body: unknown, pending = false, expectedStatus = 202): PactInteraction {
  return {
    description,
    pending,
    states: [
      { name: 'server {template} on {host}', params: { template, host: 'compute-01' } },
      { name: 'caller is {role}', params: { role: 'admin' } },
    ],
    request: { method: 'POST', headers: { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30', 'x-auth-token': '<redacted>' }, body },
    expectedStatus,
    matrixVerdict: pending ? 'rejected' : 'pass',
  };
}

const ok = interaction('horizon-60455e5ff|a|zed', 'active', { 'os-migrateLive': { host: null, block_migration: false, force: false } });
const bug = interaction('horizon-60455e5ff|b|zed', 'active', { 'os-migrateLive': { host: null, block_migration: false, force: true } }, true);
const broken = interaction('horizon-60455e5ff|c|zed', 'shutoff', { 'os-migrateLive': { host: null, block_migration: false, force: false } });
const pact: PactFile = { file: 'p.json', consumer: 'horizon-60455e5ff', provider: 'nova-zed', interactions: [ok, bug, broken] };

function exchange(serverId: string, body: unknown, status: number, responseBody: string): ObservedExchange {
  return {
    method: 'POST',
    path: `/v2.1/servers/${serverId}/action`,
    headers: { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30', 'x-auth-token': 'admin:p' },
    body: JSON.stringify(body),
    status,
    responseBody,
  };
}

const observations: RunObservations = {
  servers: new Map([['s-1', 'active'], ['s-2', 'active'], ['s-3', 'shutoff']]),
  tokens: new Map([['admin:p', 'admin']]),
  exchanges: [
    exchange('s-1', ok.request.body, 202, ''),
    exchange('s-2', bug.request.body, 400, '{"badRequest": {"code": 400, "message": "Can\'t force to a non-provided destination"}}'),
    exchange('s-3', broken.request.body, 500, '{"computeFault": {"code": 500, "message": "Unexpected API Error.\\n<class \'oslo_messaging.exceptions.MessagingTimeout\'>"}}'),
  ],
};

const pactJson = JSON.stringify({
  result: false,
  errors: [{ interaction: `${PREFIX}horizon-60455e5ff|c|zed`, mismatch: { interactionId: '', type: 'mismatches', mismatches: [{ actual: 500, expected: 202, mismatch: 'expected 202 but was 500', type: 'StatusMismatch' }] } }],
  pendingErrors: [{ interaction: `${PREFIX}horizon-60455e5ff|b|zed`, mismatch: { interactionId: '', type: 'mismatches', mismatches: [{ actual: 400, expected: 202, mismatch: 'expected 202 but was 400', type: 'StatusMismatch' }] } }],
  interactionResults: [
    { description: 'horizon-60455e5ff|a|zed', result: 'OK' },
    { description: 'horizon-60455e5ff|b|zed', result: 'Error' },
    { description: 'horizon-60455e5ff|c|zed', result: 'Error' },
  ],
  notices: [],
  output: [],
});

const noConductor: KnownDifference = { id: 'no-conductor-below-2.34', reason: 'Below 2.34 the API calls the conductor,\n which the harness does not run.', realStatus: 500, realMessage: 'MessagingTimeout' };

describe('verification verdicts', () => {
  it("take Pact's result per interaction and its own mismatch text, pending failures kept apart", () => {
    const verdicts = mapVerification({ source: 'emulator', pacts: [pact], pactJson, observations, knownDifferences: null });
    expect(verdicts.map((v) => [v.description, v.verdict, v.pending])).toEqual([
      ['horizon-60455e5ff|a|zed', 'verified', false],
      ['horizon-60455e5ff|b|zed', 'failed', true],
      ['horizon-60455e5ff|c|zed', 'failed', false],
    ]);
    expect(verdicts[1]!.mismatch).toBe('expected 202 but was 400');
    expect(verdicts[1]!.observed).toEqual({ status: 400, message: "Can't force to a non-provided destination" });
    expect(verdicts[1]!.matrixVerdict).toBe('rejected');
  });

  it('call a real-Nova answer the conformance allow-list documents a known difference, with its reason', () => {
    const verdicts = mapVerification({ source: 'real-nova', pacts: [pact], pactJson, observations, knownDifferences: [noConductor] });
    expect(verdicts[2]!.verdict).toBe('known-difference');
    expect(verdicts[2]!.reason).toBe('no-conductor-below-2.34: Below 2.34 the API calls the conductor, which the harness does not run.');
    // The same answer from the emulator is a failure: its pacts came from it.
    expect(mapVerification({ source: 'emulator', pacts: [pact], pactJson, observations, knownDifferences: null })[2]!.verdict).toBe('failed');
  });

  it('do not excuse a different real-Nova answer', () => {
    const other = { ...observations, exchanges: [...observations.exchanges.slice(0, 2), exchange('s-3', broken.request.body, 500, '{"computeFault": {"code": 500, "message": "KeyError"}}')] };
    expect(mapVerification({ source: 'real-nova', pacts: [pact], pactJson, observations: other, knownDifferences: [noConductor] })[2]!.verdict).toBe('failed');
  });

  it('call a replay miss (598) and a state the provider cannot establish unverifiable', () => {
    const json = JSON.stringify({
      errors: [
        { interaction: `${PREFIX}horizon-60455e5ff|a|zed`, mismatch: { type: 'mismatches', mismatches: [{ actual: 598, expected: 202, mismatch: 'expected 202 but was 598', type: 'StatusMismatch' }] } },
        { interaction: `${PREFIX}horizon-60455e5ff|c|zed`, mismatch: { type: 'error', message: 'One or more of the setup state change handlers has failed' } },
      ],
      pendingErrors: [],
      interactionResults: [
        { description: 'horizon-60455e5ff|a|zed', result: 'Error' },
        { description: 'horizon-60455e5ff|c|zed', result: 'Error' },
      ],
    });
    const verdicts = mapVerification({ source: 'replay:x.json', pacts: [pact], pactJson: json, observations: { servers: new Map(), tokens: new Map(), exchanges: [] }, knownDifferences: [noConductor] });
    expect(verdicts.map((v) => v.verdict)).toEqual(['unverifiable', 'unverifiable', 'unverifiable']);
    expect(verdicts[0]!.reason).toContain('replay miss');
    expect(verdicts[1]!.reason).toBe('the Pact verifier reported no result for this interaction');
    expect(verdicts[2]!.reason).toContain('One or more of the setup state change handlers has failed');
  });

  it("call a failed state change unverifiable even when another interaction's identical request was answered", () => {
    // c's request matches nothing special; a's request (same body as the observed s-1 exchange)
    // was seen, but Pact says a's teardown failed: the answer seen is not a's verdict.
    const json = JSON.stringify({
      errors: [{ interaction: `${PREFIX}horizon-60455e5ff|a|zed`, mismatch: { type: 'error', message: 'One or more of the teardown state change handlers has failed' } }],
      pendingErrors: [],
      interactionResults: [
        { description: 'horizon-60455e5ff|a|zed', result: 'Error' },
        { description: 'horizon-60455e5ff|b|zed', result: 'OK' },
        { description: 'horizon-60455e5ff|c|zed', result: 'OK' },
      ],
    });
    const [a] = mapVerification({ source: 'real-nova:zed', pacts: [pact], pactJson: json, observations, knownDifferences: [noConductor] });
    expect(a).toMatchObject({ verdict: 'unverifiable', cause: 'setup-failed' });
    expect(a!.reason).toContain('teardown state change handlers has failed');
  });
});
