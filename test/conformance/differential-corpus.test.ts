/**
 * The pure parts of differential conformance: the generated corpus, the answer comparison
 * and the allow-list. No Nova needed.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { allowedBy, parseAllowList } from '../../src/conformance/allowlist.js';
import type { ConformanceCase } from '../../src/conformance/corpus/case.js';
import { bandOf, compareAnswers, type Answer } from '../../src/conformance/compare.js';
import { buildCorpus, MISSING_SERVER_ID } from '../../src/conformance/corpus/corpus.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';

const seeded = Object.fromEntries(DEFAULT_WORLD.servers.map((s) => [s.template, s.id]));

describe('the differential corpus', () => {
  const corpus = buildCorpus({ seeded });

  it('is the same for the same seed and differs for another seed', () => {
    expect(buildCorpus({ seeded })).toEqual(corpus);
    expect(buildCorpus({ seeded }, { seed: 7 })).not.toEqual(corpus);
  });

  it('has at least 3,000 requests with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  it('is built for the release under test: Hibiscus gets 2.1 … 2.104, and 2.105 as the first version out of range', () => {
    const hibiscus = buildCorpus({ seeded }, { maxMicroversion: '2.104' });
    const schema = new Set(hibiscus.filter((c) => c.group === 'schema').map((c) => c.requested));
    for (let minor = 1; minor <= 104; minor++) expect(schema.has(`2.${minor}`)).toBe(true);
    expect(hibiscus.some((c) => c.requested === '2.105')).toBe(true);
    // Zed's first version out of range is an ordinary one for Hibiscus: no longer probed as out of range.
    expect(hibiscus.some((c) => c.group === 'headers' && c.requested === '2.94')).toBe(false);
  });

  it('sends an os-migrateLive body at every microversion from 2.1 to 2.93 and at latest', () => {
    const schema = new Set(corpus.filter((c) => c.group === 'schema').map((c) => c.requested));
    for (let minor = 1; minor <= 93; minor++) expect(schema.has(`2.${minor}`)).toBe(true);
    expect(schema.has('latest')).toBe(true);
  });

  it('covers every accepted boolean spelling of block_migration at the 2.25 boundary', () => {
    const at225 = corpus.filter((c) => c.group === 'schema' && c.requested === '2.25').map((c) => c.body ?? '');
    for (const spelling of ['"On"', '"YES"', '"0"', '"auto"', '"AUTO"', 'null']) {
      expect(at225.some((b) => b.includes(`"block_migration":${spelling}`))).toBe(true);
    }
  });

  it('addresses every seeded template, and gives admins fresh servers where a 202 would change state', () => {
    const state = corpus.filter((c) => c.group === 'state');
    const templates = new Set(state.map((c) => (c.server && c.server.kind !== 'missing' ? c.server.template : '')));
    for (const template of Object.keys(seeded)) expect(templates.has(template)).toBe(true);
    expect(state.filter((c) => c.caller === 'admin' && c.server?.kind === 'seeded' && c.server.template === 'active')).toEqual([]);
    expect(corpus.some((c) => c.server?.kind === 'missing' && c.server.id === MISSING_SERVER_ID)).toBe(true);
  });
});

const aCase: ConformanceCase = {
  id: 'c00001', group: 'state', method: 'POST', path: '/v2.1/servers/{server}/action', headers: {}, caller: 'admin',
  summary: 'active 2.30 admin: host=null', requested: '2.30',
};

function answer(status: number, body: string, serverId: string, base = 'http://127.0.0.1:1111/'): Answer {
  return {
    status,
    headers: [['openstack-api-version', 'compute 2.30'], ['x-openstack-nova-api-version', '2.30'], ['vary', 'OpenStack-API-Version'], ['vary', 'X-OpenStack-Nova-API-Version']],
    body,
    serverId,
    baseUrl: base,
  };
}

describe('comparing a real answer with an emulated one', () => {
  const conflict = (id: string): string => JSON.stringify({ conflictingRequest: { code: 409, message: `Cannot 'os-migrateLive' instance ${id} while it is in vm_state stopped` } });

  it('treats the same fault about two different fresh servers as agreement', () => {
    expect(compareAnswers(aCase, answer(409, conflict('aaa'), 'aaa'), answer(409, conflict('bbb'), 'bbb'))).toEqual([]);
  });

  it('reports a different message text as a fault difference', () => {
    const other = JSON.stringify({ conflictingRequest: { code: 409, message: 'Instance bbb is locked' } });
    const diff = compareAnswers(aCase, answer(409, conflict('aaa'), 'aaa'), answer(409, other, 'bbb'));
    expect(diff.map((d) => d.aspect)).toEqual(['fault']);
  });

  it('compares version documents modulo host, port and target prefix', () => {
    const doc = (base: string): string => JSON.stringify({ version: { id: 'v2.1', links: [{ rel: 'self', href: `${base}v2.1/` }] } });
    const versionCase = { ...aCase, group: 'version-document' as const, method: 'GET' as const, path: '/v2.1/' };
    const real = answer(200, doc('http://127.0.0.1:1111/'), 'x', 'http://127.0.0.1:1111/');
    const emulated = answer(200, doc('http://127.0.0.1:2222/@zed/'), 'x', 'http://127.0.0.1:2222/@zed/');
    expect(compareAnswers(versionCase, real, emulated)).toEqual([]);
    expect(bandOf(real, versionCase)).toBe('2.30–2.33');
  });

  it('notices a missing Vary line', () => {
    const emulated = { ...answer(202, '', 'b'), headers: answer(202, '', 'b').headers.slice(0, 3) };
    expect(compareAnswers(aCase, answer(202, '', 'a'), emulated).map((d) => d.aspect)).toEqual(['microversion-headers']);
  });
});

describe('the conformance allow-list', () => {
  const list = parseAllowList(
    `version: 1
entries:
  - id: no-conductor
    reason: the harness runs no conductor, so calls time out
    releases: [zed, hibiscus]
    realStatus: 500
    realMessage: MessagingTimeout
    aspects: [status, fault]
`,
    'allow.yaml',
  );
  const facts = { case: aCase, release: 'zed', realStatus: 500, emulatorStatus: 202, realMessage: "<class 'MessagingTimeout'>", emulatorMessage: '' };

  it('explains a difference whose conditions and aspects all match', () => {
    expect(allowedBy(list, facts, [{ aspect: 'status', real: '500', emulator: '202' }])).toBe('no-conductor');
  });

  it('explains a difference only for the releases the entry names', () => {
    const status = [{ aspect: 'status' as const, real: '500', emulator: '202' }];
    expect(allowedBy(list, { ...facts, release: 'hibiscus' }, status)).toBe('no-conductor');
    expect(allowedBy(list, { ...facts, release: 'epoxy' }, status)).toBeUndefined();
  });

  it('rejects an entry that does not name its releases', () => {
    expect(() => parseAllowList('version: 1\nentries:\n  - id: x\n    reason: a reason long enough\n', 'allow.yaml')).toThrow(/releases/);
  });

  it('does not explain a difference in an aspect the entry does not list', () => {
    expect(allowedBy(list, facts, [{ aspect: 'microversion-headers', real: 'a', emulator: 'b' }])).toBeUndefined();
  });

  it('rejects an entry without a reason', () => {
    expect(() => parseAllowList('version: 1\nentries:\n  - id: x\n', 'allow.yaml')).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_BASELINE }));
  });
});
