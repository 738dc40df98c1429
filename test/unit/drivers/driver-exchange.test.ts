import { describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../../../src/drivers/capture-proxy.js';
import { judgeDrivenCell, modelDifference } from '../../../src/drivers/driver-exchange.js';
import type { DriverOutcome } from '../../../src/drivers/driver-process.js';
import { modelIdFor } from '../../../src/drivers/model-of.js';
import { buildLiveMigration, getProfile } from '../../../src/clients/index.js';
import { mv } from '../../../src/microversion/version.js';

const SERVER = '11111111-2222-4333-8444-555555555555';
const ACTION = `/@zed/v2.1/servers/${SERVER}/action`;

function migrateLive(body: object, status = 202): CapturedExchange {
  return {
    request: {
      method: 'POST',
      path: ACTION,
      headers: { host: '127.0.0.1:4000', 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30', 'x-auth-token': 'admin:p', 'user-agent': 'python-novaclient', 'content-length': '60' },
      body: JSON.stringify(body),
    },
    response: { status, headers: { 'openstack-api-version': 'compute 2.30' }, body: status === 202 ? '' : '{"badRequest": {"code": 400, "message": "Can\'t force to a non-provided destination"}}' },
  };
}
const LOOKUP: CapturedExchange = { request: { method: 'GET', path: `/@zed/v2.1/servers/${SERVER}`, headers: {}, body: '' }, response: { status: 200, headers: {}, body: '{}' } };
const done: DriverOutcome = { kind: 'answer', pid: 42, answer: { kind: 'done', id: 'c1', done: {} } };
const raised: DriverOutcome = { kind: 'answer', pid: 42, answer: { kind: 'raised', id: 'c1', type: 'BadRequest', module: 'novaclient.exceptions', message: "Can't force to a non-provided destination (HTTP 400)" } };

describe('a driven cell', () => {
  it('is judged by the os-migrateLive the client sent and the answer it got, with the connection headers dropped', () => {
    const { exchange, evidence } = judgeDrivenCell(done, [LOOKUP, migrateLive({ 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } })], 'horizon@installed');
    expect(exchange.kind).toBe('response');
    if (exchange.kind !== 'response') return;
    expect(exchange.request).toEqual({
      method: 'POST',
      path: ACTION,
      headers: { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30', 'x-auth-token': '<redacted>', 'user-agent': 'python-novaclient' },
      body: { 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } },
    });
    expect(exchange.response.status).toBe(202);
    expect(evidence).toEqual({ pid: 42, answer: 'done', exchanges: 2 });
  });

  it("keeps the client's exception as evidence when it raised after Nova refused the request", () => {
    const { exchange, evidence } = judgeDrivenCell(raised, [migrateLive({ 'os-migrateLive': { host: null, block_migration: false, force: true } }, 400)], 'x');
    expect(exchange.kind).toBe('response');
    if (exchange.kind === 'response') expect(exchange.response.status).toBe(400);
    expect(evidence.raised).toBe("BadRequest: Can't force to a non-provided destination (HTTP 400)");
  });

  it('is a client refusal when the client raised without sending anything', () => {
    const typeError: DriverOutcome = { kind: 'answer', pid: 7, answer: { kind: 'raised', id: 'c1', type: 'TypeError', message: "unexpected keyword argument 'force'" } };
    expect(judgeDrivenCell(typeError, [], 'x').exchange).toEqual({ kind: 'refused', message: "TypeError: unexpected keyword argument 'force'" });
  });

  it('redacts the token in the captured request, whatever it is', () => {
    const exchange = migrateLive({ 'os-migrateLive': { host: null, block_migration: 'auto' } });
    const real = { ...exchange, request: { ...exchange.request, headers: { ...exchange.request.headers, 'x-auth-token': 'gAAAAABsecretsecret' } } };
    const judged = judgeDrivenCell(done, [real], 'x').exchange;
    expect(judged.kind === 'response' && judged.request.headers['x-auth-token']).toBe('<redacted>');
  });

  it('is an error naming the driver when it failed, keeping what was sent', () => {
    const crashed: DriverOutcome = { kind: 'failed', pid: 9, reason: 'horizon driver exited with code 1; stderr: SyntaxError' };
    const { exchange, evidence } = judgeDrivenCell(crashed, [migrateLive({ 'os-migrateLive': { host: null, block_migration: 'auto' } })], 'horizon@src:x');
    expect(exchange).toMatchObject({ kind: 'transport-error', source: 'driver', message: 'horizon@src:x: horizon driver exited with code 1; stderr: SyntaxError' });
    expect(exchange.kind === 'transport-error' && exchange.request?.method).toBe('POST');
    expect(evidence).toEqual({ pid: 9, answer: 'failed', reason: 'horizon driver exited with code 1; stderr: SyntaxError', exchanges: 1 });
  });

  it('is an error when the driver could not run the call, or the client returned without sending', () => {
    const cannot: DriverOutcome = { kind: 'answer', pid: 3, answer: { kind: 'error', id: 'c1', reason: 'intent is not an object' } };
    expect(judgeDrivenCell(cannot, [], 'd').exchange).toMatchObject({ kind: 'transport-error', message: 'd could not run the call: intent is not an object' });
    expect(judgeDrivenCell(done, [LOOKUP], 'd').exchange).toMatchObject({ kind: 'transport-error', message: 'd: the client returned without sending an os-migrateLive request' });
  });

  it('is an error when Nova never answered the request the client sent', () => {
    const lost: CapturedExchange = { ...migrateLive({ 'os-migrateLive': {} }), response: null, error: 'the capturing proxy got no answer from http://127.0.0.1:1: connect ECONNREFUSED' };
    expect(judgeDrivenCell(raised, [lost], 'd').exchange).toMatchObject({ kind: 'transport-error', message: lost.error });
  });
});

describe('the model check', () => {
  const range = { kind: 'range', min: mv('2.1'), max: mv('2.93') } as const;
  const intent = { host: 'compute-02', blockMigration: false, diskOverCommit: true } as const;

  it('finds no difference when the model builds what the client sent', () => {
    const built = buildLiveMigration('horizon-60455e5ff', intent, range, SERVER);
    const { exchange } = judgeDrivenCell(done, [migrateLive({ 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } })], 'x');
    expect(modelDifference(built, exchange, '/@zed/v2.1')).toBeNull();
  });

  it('names the difference when a model drifted from its client', () => {
    const built = buildLiveMigration('horizon-legacy', intent, range, SERVER);
    const { exchange } = judgeDrivenCell(done, [migrateLive({ 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } })], 'x');
    const difference = modelDifference(built, exchange, '/@zed/v2.1');
    expect(difference).toContain('"disk_over_commit":true');
    expect(difference).toContain('"force":true');
  });

  it('compares refusals by their text', () => {
    const refused = judgeDrivenCell(raised, [], 'x').exchange;
    const built = buildLiveMigration('horizon-legacy', { ...intent, force: true }, range, SERVER);
    expect(built.kind).toBe('refused');
    expect(modelDifference(built, refused, '/@zed/v2.1')).toMatch(/the model refuses \(NotOffered: .*\) but the client refused with BadRequest/);
  });

  it("picks the model of the same client release, with the driver's pinned microversion", () => {
    expect(modelIdFor('novaclient', {}, '18.1.0')).toBe('novaclient@18.1.0');
    expect(modelIdFor('novaclient', { api: 'latest' }, '18.13.1')).toBe('novaclient@18.13.1');
    expect(modelIdFor('novaclient', { api: '2.53' }, '18.1.0')).toBe('novaclient@18.1.0+mv2.53');
    expect(modelIdFor('openstackclient', { api: '2.30' }, '6.0.0')).toBe('openstackclient@6.0.0+mv2.30');
    expect(modelIdFor('horizon', { entry: 'api' }, '27.0.0')).toBe('horizon@27.0.0');
    expect(modelIdFor('horizon', {}, null)).toBeNull();
    // Each resolves in the registry to a model of that release.
    expect(getProfile(modelIdFor('novaclient', { api: '2.53' }, '18.1.0')!).clientVersion).toBe('18.1.0');
  });
});
