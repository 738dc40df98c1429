import { describe, expect, it } from 'vitest';
import {
  microversionResponseHeaders,
  negotiateMicroversion,
  readRequestedMicroversion,
} from '../../../src/microversion/headers.js';
import { getRelease } from '../../../src/microversion/releases.js';
import { formatMicroversion, mv } from '../../../src/microversion/version.js';

const zed = getRelease('zed');
const mitaka = getRelease('mitaka');

function effective(headers: Record<string, string>, release = zed): string {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const result = negotiateMicroversion(readRequestedMicroversion(lower, release), release.maxMicroversion);
  return result.ok ? formatMicroversion(result.version) : `${result.status} ${result.message}`;
}

describe('requested microversion, Newton and later (facts §1.3 table)', () => {
  it.each<[Record<string, string>, string]>([
    [{}, '2.1'],
    [{ 'X-OpenStack-Nova-API-Version': '2.25' }, '2.25'],
    [{ 'OpenStack-API-Version': 'compute 2.30' }, '2.30'],
    [{ 'OpenStack-API-Version': 'compute 2.30', 'X-OpenStack-Nova-API-Version': '2.25' }, '2.30'],
    [{ 'OpenStack-API-Version': 'volume 3.0', 'X-OpenStack-Nova-API-Version': '2.25' }, '2.25'],
    [{ 'OpenStack-API-Version': 'volume 3.0' }, '2.1'],
    [{ 'OpenStack-API-Version': 'COMPUTE 2.3' }, '2.3'],
    [{ 'OpenStack-API-Version': 'compute 2.3, compute 2.5' }, '2.5'],
    [{ 'X-OpenStack-Nova-API-Version': '2.1, 2.5' }, '2.5'],
    [{ 'X-OpenStack-Nova-API-Version': '  2.10 ' }, '2.10'],
    [{ 'OpenStack-API-Version': 'compute' }, '2.1'],
    [{ 'OpenStack-API-Version': 'compute latest' }, '2.93'],
    [{ 'X-OpenStack-Nova-API-Version': 'latest' }, '2.93'],
  ])('%j → %s', (headers, expected) => {
    expect(effective(headers)).toBe(expected);
  });

  it('picks a malformed new-style header over a valid legacy one and answers 400', () => {
    expect(effective({ 'OpenStack-API-Version': 'compute 2.01', 'X-OpenStack-Nova-API-Version': '2.25' })).toBe(
      '400 API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });

  it.each(['Latest', '2.01', '02.1', '2', '2.x'])('answers 400 for legacy %s', (raw) => {
    expect(effective({ 'X-OpenStack-Nova-API-Version': raw })).toBe(
      `400 API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  });

  it('keeps the double space of an empty legacy value in the 400 text', () => {
    expect(effective({ 'X-OpenStack-Nova-API-Version': '' })).toBe(
      '400 API Version String  is of invalid format. Must be of format MajorNum.MinorNum.',
    );
  });

  it('answers 400 for "compute 2.5 x"', () => {
    expect(effective({ 'OpenStack-API-Version': 'compute 2.5 x' })).toMatch(/^400 API Version String 2\.5 x is of invalid format/);
  });

  it.each(['2.0', '1.1', '3.0', '2.999', '2.94'])('answers 406 for well-formed out-of-range %s on Zed', (raw) => {
    expect(effective({ 'X-OpenStack-Nova-API-Version': raw })).toBe(
      `406 Version ${raw} is not supported by the API. Minimum is 2.1 and maximum is 2.93.`,
    );
  });
});

describe('requested microversion before Newton', () => {
  it('ignores OpenStack-API-Version on Mitaka', () => {
    expect(effective({ 'OpenStack-API-Version': 'compute 2.20' }, mitaka)).toBe('2.1');
  });

  it('does not split comma lists on Mitaka', () => {
    expect(effective({ 'X-OpenStack-Nova-API-Version': '2.1, 2.5' }, mitaka)).toMatch(/^400 /);
  });

  it('answers only the legacy headers on Mitaka', () => {
    expect(microversionResponseHeaders('2.25', mitaka)).toEqual([
      ['X-OpenStack-Nova-API-Version', '2.25'],
      ['Vary', 'X-OpenStack-Nova-API-Version'],
    ]);
  });
});

describe('response headers from Newton', () => {
  it('sends both version headers and two Vary lines', () => {
    expect(microversionResponseHeaders('2.30', zed)).toEqual([
      ['OpenStack-API-Version', 'compute 2.30'],
      ['X-OpenStack-Nova-API-Version', '2.30'],
      ['Vary', 'OpenStack-API-Version'],
      ['Vary', 'X-OpenStack-Nova-API-Version'],
    ]);
  });

  it('orders numerically: 2.10 is inside a 2.9..2.12 range', () => {
    const result = negotiateMicroversion({ kind: 'version', raw: '2.10', version: mv('2.10'), header: 'legacy' }, mv('2.12'), mv('2.9'));
    expect(result).toEqual({ ok: true, version: mv('2.10') });
  });
});
