import { describe, expect, it } from 'vitest';
import { describeNetworkError, networkErrorCode } from '../../../src/http/network-error.js';

describe('network errors by name', () => {
  it('finds the code in the error, its cause chain or an aggregate (what fetch and undici throw)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(networkErrorCode(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new TypeError('fetch failed', { cause: new AggregateError([refused]) }))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('ETIMEDOUT');
    expect(networkErrorCode(new Error('plain'))).toBe('UNKNOWN');
  });

  it('says what happened, never a bare "fetch failed"', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(describeNetworkError(new TypeError('fetch failed', { cause: reset }))).toBe('connection reset (ECONNRESET)');
    expect(describeNetworkError(new DOMException('aborted', 'TimeoutError'))).toBe('timeout (ETIMEDOUT)');
    expect(describeNetworkError(Object.assign(new Error('other'), { code: 'EWHATEVER' }))).toBe('other (EWHATEVER)');
  });
});
