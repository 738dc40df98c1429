import { describe, expect, it } from 'vitest';
import { formatRequestLine, parseAnswerLine, parseHelloLine, refusalText, type DriverRequest } from '../../../src/drivers/protocol.js';

const HELLO = {
  mvmatrixDriver: 1,
  hello: {
    client: 'horizon',
    entrypoint: 'openstack_dashboard.dashboards.admin.instances.forms.LiveMigrateForm.handle',
    options: { entry: 'form' },
    code: { project: 'horizon', kind: 'checkout', version: '27.0.0', location: '/src/openstack_dashboard', git: { commit: 'abc', dirty: true } },
    python: { executable: '/usr/bin/python3', version: '3.11.2' },
    libraries: { 'python-novaclient': '18.13.1' },
  },
};

describe('the driver protocol', () => {
  it('reads a hello with the code identity it carries', () => {
    const parsed = parseHelloLine(JSON.stringify(HELLO));
    expect(parsed).toMatchObject({ ok: true, value: { client: 'horizon', code: { kind: 'checkout', version: '27.0.0', git: { dirty: true } } } });
  });

  it.each([
    ['not JSON', 'Traceback (most recent call last):', /the first line is not JSON: "Traceback/],
    ['an array', '[1]', /not a JSON object/],
    ['no version key', '{"hello":{}}', /not a driver hello \(no "mvmatrixDriver"\)/],
    ['another version', '{"mvmatrixDriver":2,"hello":{}}', /speaks protocol 2; this mvmatrix speaks 1/],
    ['no identity', '{"mvmatrixDriver":1,"hello":{"client":"x"}}', /lacks client, entrypoint, code or python/],
    ['an identity of no kind', JSON.stringify({ ...HELLO, hello: { ...HELLO.hello, code: { project: 'x', location: '/', kind: 'zip' } } }), /lacks project, location or kind/],
  ])('rejects a first line that is %s', (_what, line, reason) => {
    const parsed = parseHelloLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('reads the three kinds of answer', () => {
    expect(parseAnswerLine('{"id":"c1","done":{"microversion":"2.30"}}')).toEqual({ ok: true, value: { kind: 'done', id: 'c1', done: { microversion: '2.30' } } });
    expect(parseAnswerLine('{"id":"c2","raised":{"type":"TypeError","module":"builtins","message":"no force"},"warnings":["w"]}')).toEqual({
      ok: true,
      value: { kind: 'raised', id: 'c2', type: 'TypeError', module: 'builtins', message: 'no force', warnings: ['w'] },
    });
    expect(parseAnswerLine('{"id":null,"error":{"reason":"request line is not JSON"}}')).toEqual({ ok: true, value: { kind: 'error', id: null, reason: 'request line is not JSON' } });
  });

  it.each([
    ['<html>', /not JSON: "<html>"/],
    ['{"done":{}}', /without a string "id"/],
    ['{"id":"c1"}', /exactly one of "done", "raised", "error"/],
    ['{"id":"c1","done":{},"error":{}}', /exactly one of/],
    ['{"id":"c1","raised":{"type":"X"}}', /"raised" needs a string "type" and "message"/],
    ['{"id":null,"done":{}}', /null "id"/],
  ])('rejects the answer line %s', (line, reason) => {
    const parsed = parseAnswerLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('quotes at most 200 characters of a bad line', () => {
    const parsed = parseAnswerLine('x'.repeat(5_000));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.length).toBeLessThan(260);
  });

  it('writes a request as exactly one line, whatever the intent holds', () => {
    const request: DriverRequest = { id: 'c1', op: 'live-migrate', endpoint: 'http://h/v2.1', token: 't', server: 's', intent: { host: 'line\nbreak', blockMigration: 'auto', diskOverCommit: false } };
    const line = formatRequestLine(request);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(request);
  });

  it('words a client exception as every refusal in mvmatrix is worded', () => {
    expect(refusalText({ type: 'TypeError', message: "unexpected keyword argument 'force'" })).toBe("TypeError: unexpected keyword argument 'force'");
  });
});
