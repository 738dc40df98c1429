import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/matrix/definition.js';
import type { CellResult, Outcome } from '../../../src/matrix/result.js';
import { expectedResponse, messagePattern } from '../../../src/pact/expectation.js';
import { planInteraction, TOKEN_PLACEHOLDER } from '../../../src/pact/plan-interaction.js';
import type { StateWorld } from '../../../src/pact/provider-states.js';

const SERVER = '5ec0ded0-0000-4000-8000-96879611650f';
const RUN_SERVER = '5e0f0001-0000-4000-8000-000000000042';
const world: StateWorld = {
  templateHost: (t) => (t === 'active-local-disk' ? 'compute-03' : 'compute-01'),
  destinations: { healthy: 'compute-02', unknown: 'compute-99', 'pre-checks-fail': 'compute-03', 'service-down': 'compute-04' },
};

function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    id: 'named-noblock-doc',
    title: 't',
    intent: { host: 'named', blockMigration: false, diskOverCommit: true },
    world: { server: 'active', destination: 'healthy', caller: 'admin' },
    expect: {},
    ...overrides,
  };
}

function result(outcome: Outcome, status: number, body: unknown, headers: Record<string, string> = {}): CellResult {
  return {
    id: 'horizon-60455e5ff|named-noblock-doc|zed',
    profile: 'horizon-60455e5ff',
    scenario: 'named-noblock-doc',
    target: { id: 'zed', release: 'zed', maxMicroversion: '2.93' },
    outcome,
    explanation: `${outcome}: migration 17 then ended in error`,
    request: { method: 'POST', path: `/@zed/v2.1/servers/${RUN_SERVER}/action`, headers: {}, body: {} },
    response: { status, headers, body },
    effectiveMicroversion: '2.30',
  };
}

const request = {
  method: 'POST',
  path: `/servers/${SERVER}/action`,
  headers: { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30' },
  body: { 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } },
};

describe('the fault message as a regex', () => {
  it('matches the message with any server id and nothing else', () => {
    const { regex, example } = messagePattern(`Cannot 'os-migrateLive' instance ${RUN_SERVER} while it is in vm_state stopped`, SERVER);
    expect(example).toBe(`Cannot 'os-migrateLive' instance ${SERVER} while it is in vm_state stopped`);
    const re = new RegExp(regex);
    expect(re.test(example)).toBe(true);
    expect(re.test(`Cannot 'os-migrateLive' instance 11111111-2222-4333-8444-555555555555 while it is in vm_state stopped`)).toBe(true);
    expect(re.test(`Cannot 'os-migrateLive' instance ${SERVER} while it is in vm_state error`)).toBe(false);
    expect(re.test(`x Cannot 'os-migrateLive' instance ${SERVER} while it is in vm_state stopped`)).toBe(false);
  });
});

describe('what the consumer relies on', () => {
  it('is the answer itself, with its microversion headers, when the matrix found it as the user expects (drift included)', () => {
    const headers = { 'openstack-api-version': 'compute 2.30', 'x-openstack-nova-api-version': '2.30', vary: 'OpenStack-API-Version' };
    const expectation = expectedResponse(result('drift', 202, null, headers), scenario(), SERVER);
    expect(expectation).toEqual({
      source: 'observed',
      response: { status: 202, headers: { 'OpenStack-API-Version': 'compute 2.30', 'X-OpenStack-Nova-API-Version': '2.30' } },
    });
  });

  it('is an expected error with its fault key, code and message regex', () => {
    const body = { conflictingRequest: { code: 409, message: `Cannot 'os-migrateLive' instance ${RUN_SERVER} while it is in vm_state stopped` } };
    const { response } = expectedResponse(result('expected-error', 409, body), scenario(), SERVER);
    expect(response.status).toBe(409);
    expect(response.fault?.key).toBe('conflictingRequest');
    expect(response.fault?.code).toBe(409);
    expect(response.fault?.message.example).toContain(SERVER);
  });

  it('is what the scenario expects when Nova refused it: success, so verification shows the refusal', () => {
    const body = { badRequest: { code: 400, message: "Can't force to a non-provided destination" } };
    expect(expectedResponse(result('rejected', 400, body), scenario(), SERVER)).toEqual({ source: 'scenario', response: { status: 202, headers: {} } });
  });

  it("is the scenario's error, or a 202 as well where the failure only shows after it (2.34+)", () => {
    const expectingError = scenario({ expect: { error: { status: [400], message: 'could not be found', async: false } } });
    const { response } = expectedResponse(result('rejected', 202, null), expectingError, SERVER);
    expect(response).toEqual({ status: 400, headers: {}, fault: { key: 'badRequest', code: 400, message: { regex: '^.*could not be found.*$', example: 'could not be found' } } });
    const asyncError = scenario({ expect: { error: { status: [400], async: true } } });
    expect(expectedResponse(result('error', 500, null), asyncError, SERVER).response).toEqual({ status: 400, statuses: [400, 202], headers: {} });
  });
});

describe('an interaction', () => {
  const planned = planInteraction({
    consumer: 'horizon-60455e5ff',
    provider: 'nova-zed',
    scenario: scenario(),
    result: result('drift', 202, null, { 'x-openstack-nova-api-version': '2.30' }),
    request,
    exampleServerId: SERVER,
    computePath: '/v2.1',
    pending: null,
    world,
  });

  it('carries the builder request byte for byte, the server id from the provider state and no token', () => {
    expect(planned.description).toBe('horizon-60455e5ff|named-noblock-doc|zed');
    expect(planned.request.bodyText).toBe(JSON.stringify(request.body));
    expect(planned.request.path).toEqual({ expression: '/v2.1/servers/${serverId}/action', example: `/v2.1/servers/${SERVER}/action` });
    expect(planned.request.headers).toEqual({ accept: 'application/json', ...request.headers });
    expect(planned.request.stateHeaders).toEqual({ 'x-auth-token': { expression: '${token}', example: TOKEN_PLACEHOLDER } });
  });

  it('states the world as parameterised provider states', () => {
    expect(planned.states).toEqual([
      { name: 'server {template} on {host}', params: { template: 'active', host: 'compute-01' } },
      { name: 'destination {host} is {kind}', params: { host: 'compute-02', kind: 'healthy' } },
      { name: 'caller is {role}', params: { role: 'admin' } },
    ]);
  });

  it("keeps the matrix verdict in a comment, without the run's migration ids", () => {
    expect(planned.matrixVerdict).toBe('drift');
    expect(planned.comments[0]).toBe('mvmatrix verdict on the emulator: drift: drift: migration <id> then ended in error');
    expect(planned.pending).toBe(false);
  });
});
