import { describe, expect, it } from 'vitest';
import { createRedactor, redactionForTokens, replaceSecrets } from '../../../src/redaction/redactor.js';

describe('the shared redactor', () => {
  it('blanks credential headers whatever the value looks like, including noauth2 user:project tokens', () => {
    const r = createRedactor();
    for (const value of ['admin:s3cr3t-PROJECT', 'gAAAAABopaque', 'Bearer abc.def', '']) {
      expect(r.headers({ 'X-Auth-Token': value, authorization: value, 'x-subject-token': value, accept: 'application/json' })).toEqual({
        'X-Auth-Token': '<redacted>',
        authorization: '<redacted>',
        'x-subject-token': '<redacted>',
        accept: 'application/json',
      });
    }
  });

  it('removes credential members from structured values at any depth, keeping everything else', () => {
    const r = createRedactor();
    expect(r.value({ auth: { identity: { password: { user: { name: 'u', password: 'p' } }, token: { id: 'gAAAA' } } }, methods: ['token'], n: 1 })).toEqual({
      auth: { identity: { password: { user: { name: 'u', password: '<redacted>' } }, token: { id: 'gAAAA' } } },
      methods: ['token'],
      n: 1,
    });
    // A string under a credential key is redacted, whatever the key's case or decoration.
    expect(r.value({ X_Auth_Token: 'a', apiKey: 'b', client_secret: 'c', adminPass: 'd', host: 'compute-02' })).toEqual({
      X_Auth_Token: '<redacted>',
      apiKey: '<redacted>',
      client_secret: '<redacted>',
      adminPass: '<redacted>',
      host: 'compute-02',
    });
  });

  it('removes credentials from free text: JSON members, Python reprs, header lines, URL userinfo', () => {
    const r = createRedactor();
    expect(r.text('{"auth_token": "abc", "name": "x"}')).toBe('{"auth_token": "<redacted>", "name": "x"}');
    expect(r.text("Value: {'adminPass': 'hunter2', 'host': 'c2'}")).toBe("Value: {'adminPass': '<redacted>', 'host': 'c2'}");
    expect(r.text('sent X-Auth-Token: admin:abc to nova')).toBe('sent X-Auth-Token: <redacted> to nova');
    expect(r.text('Authorization: Bearer abc.def')).toBe('Authorization: <redacted>');
    expect(r.text('GET https://user:pw@nova.example/v2.1 failed')).toBe('GET https://<redacted>@nova.example/v2.1 failed');
    expect(r.text('GET http://127.0.0.1:8774/@zed/v2.1 is fine')).toBe('GET http://127.0.0.1:8774/@zed/v2.1 is fine');
  });

  it('removes known secrets anywhere and ids only where they stand alone', () => {
    const r = createRedactor(redactionForTokens(['admin:s3cr3t-PROJECT']));
    expect(r.text('token admin:s3cr3t-PROJECT, project s3cr3t-PROJECT, /v2.1/s3cr3t-PROJECT/servers, xs3cr3t-PROJECTx')).toBe(
      'token <redacted>, project <redacted>, /v2.1/<redacted>/servers, xs3cr3t-PROJECTx',
    );
    expect(redactionForTokens(['gAAAA-opaque', undefined, ''])).toEqual({ secrets: ['gAAAA-opaque'], ids: [] });
  });

  it('for what a person reads, removes only the given secrets and URL passwords', () => {
    expect(replaceSecrets('auth: X-Auth-Token: admin:6f70 (admin); https://u:p@h/', ['s3cr3t'])).toBe('auth: X-Auth-Token: admin:6f70 (admin); https://<redacted>@h/');
    expect(replaceSecrets('--token admin:s3cr3t', ['admin:s3cr3t', 's3cr3t'])).toBe('--token <redacted>');
  });
});
