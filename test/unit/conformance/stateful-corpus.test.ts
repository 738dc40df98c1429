import { describe, expect, it } from 'vitest';
import { getProfile, listProfiles } from '../../../src/clients/index.js';
import { BAND_EDGES, buildStatefulCorpus } from '../../../src/conformance/stateful-corpus.js';
import { DEFAULT_MATRIX_FILE, loadMatrixFile } from '../../../src/matrix/load-matrix.js';
import { DEFAULT_DESTINATIONS } from '../../../src/matrix/intent.js';

const matrix = await loadMatrixFile(DEFAULT_MATRIX_FILE);
const profiles = listProfiles().map((p) => getProfile(p.id));
const cases = buildStatefulCorpus({ scenarios: matrix.definition.scenarios, profiles, destinations: DEFAULT_DESTINATIONS, edges: [...BAND_EDGES, '2.93'] });

describe('the stateful corpus (default-matrix scenarios at every band edge)', () => {
  it('sends every scenario of the default matrix, on a fresh server of its world state, as its caller', () => {
    const scenarios = new Map(matrix.definition.scenarios.map((s) => [s.id, s]));
    expect(new Set(cases.map((c) => c.scenario))).toEqual(new Set(scenarios.keys()));
    for (const c of cases) {
      const s = scenarios.get(c.scenario)!;
      expect(c.server).toEqual({ kind: 'fresh', template: s.world.server });
      expect(c.caller).toBe(s.world.caller);
      expect(c.path).toBe('/v2.1/servers/{server}/action');
      expect(c.group).toBe('stateful');
    }
  });

  it('puts a request on both sides of every band edge', () => {
    const sent = new Set(cases.map((c) => c.requested));
    for (const edge of BAND_EDGES) expect(sent.has(edge), edge).toBe(true);
    const servedAt = new Set(cases.flatMap((c) => c.edges));
    for (const edge of [...BAND_EDGES, '2.93']) expect(servedAt.has(edge), edge).toBe(true);
  });

  it('sends each distinct request once, naming every profile and edge that sends it', () => {
    const keys = cases.map((c) => JSON.stringify([c.server, c.caller, c.headers, c.body]));
    expect(new Set(keys).size).toBe(keys.length);
    const horizon = cases.filter((c) => c.profiles.includes('horizon@27.0.0') && c.scenario === 'named-noblock-doc');
    expect(horizon.map((c) => [c.requested, JSON.parse(c.body!)])).toContainEqual(['2.30', { 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } }]);
    expect(cases.map((c) => c.id)).toEqual(cases.map((_, i) => `s${String(i + 1).padStart(4, '0')}`));
  });

  it('names the world destination of the scenario for a named host', () => {
    const preCheck = cases.filter((c) => c.scenario === 'pre-check-failure');
    expect(preCheck.length).toBeGreaterThan(0);
    for (const c of preCheck) expect(JSON.parse(c.body!)['os-migrateLive'].host).toBe('compute-03');
  });
});
