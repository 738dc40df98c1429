import { describe, expect, it } from 'vitest';
import { decodeStateChange, STATE_CALLER, STATE_DESTINATION, STATE_SERVER } from '../../../src/pact/provider-states.js';

describe('state-change calls', () => {
  it('decode each provider state the pacts use into what the provider must do', () => {
    expect(decodeStateChange({ state: STATE_SERVER, params: { template: 'shutoff', host: 'compute-01' }, action: 'setup' })).toEqual({ kind: 'create-server', template: 'shutoff', host: 'compute-01' });
    expect(decodeStateChange({ state: STATE_DESTINATION, params: { host: 'compute-04', kind: 'service-down' }, action: 'setup' })).toEqual({ kind: 'check-destination', host: 'compute-04', destination: 'service-down' });
    expect(decodeStateChange({ state: STATE_CALLER, params: { role: 'member' }, action: 'setup' })).toEqual({ kind: 'token', role: 'member' });
    expect(decodeStateChange({ state: STATE_SERVER, params: {}, action: 'teardown' })).toEqual({ kind: 'nothing' });
  });

  it('refuse unknown states and missing parameters with a message naming the known states', () => {
    const unknown = decodeStateChange({ state: 'a flavor exists', params: {}, action: 'setup' });
    expect(unknown.kind).toBe('invalid');
    expect(unknown.kind === 'invalid' && unknown.message).toContain(STATE_SERVER);
    expect(decodeStateChange({ state: STATE_CALLER, params: { role: 'root' } }).kind).toBe('invalid');
    expect(decodeStateChange({ state: STATE_DESTINATION, params: { host: 'compute-02', kind: 'fast' } }).kind).toBe('invalid');
    expect(decodeStateChange('not an object').kind).toBe('invalid');
  });
});
