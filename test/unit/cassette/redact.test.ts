import { describe, expect, it } from 'vitest';
import { createRedactor, idsInToken, passwordsInBody } from '../../../src/cassette/redact.js';

describe('redaction', () => {
  it('removes password members of JSON text and keeps everything else byte for byte', () => {
    const r = createRedactor();
    expect(r.text('{"server": {"adminPass": "hunter2", "name": "x"}, "password" : "p\\"w"}')).toBe(
      '{"server": {"adminPass": "<redacted>", "name": "x"}, "password" : "<redacted>"}',
    );
  });

  it('removes password values from the Python repr Nova puts in 400 messages', () => {
    expect(createRedactor().text("Value: {'adminPass': 'hunter2', 'name': 'x'}")).toBe("Value: {'adminPass': '<redacted>', 'name': 'x'}");
  });

  it('finds the password values of a request body, at any depth', () => {
    expect(passwordsInBody('{"server": {"adminPass": "a1"}, "auth": [{"new_password": "b2"}], "name": "c"}')).toEqual(['a1', 'b2']);
    expect(passwordsInBody('not json')).toEqual([]);
  });

  it('removes tokens anywhere and ids only where they stand alone', () => {
    const r = createRedactor({ secrets: ['admin:abc123'], ids: ['admin', 'abc123'] });
    expect(r.text('token admin:abc123 for admin in /v2.1/abc123/servers')).toBe('token <redacted> for <redacted> in /v2.1/<redacted>/servers');
    expect(r.text('{"adminPass": "x", "administrator": "abc1234"}')).toBe('{"adminPass": "<redacted>", "administrator": "abc1234"}');
  });

  it('blanks the whole value of credential headers', () => {
    const r = createRedactor();
    expect(r.header('X-Auth-Token', 'anything')).toBe('<redacted>');
    expect(r.header('Set-Cookie', 'session=1')).toBe('<redacted>');
    expect(r.header('Content-Type', 'application/json')).toBe('application/json');
  });

  it('takes the default ids from a noauth2 token', () => {
    expect(idsInToken('admin:6f70656e737461636b20726f636b7321')).toEqual(['admin', '6f70656e737461636b20726f636b7321']);
    expect(idsInToken('gAAAAAB-opaque')).toEqual([]);
  });
});
