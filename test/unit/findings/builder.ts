/** Small hand-made matrix results for the findings tests: a few targets, cells written out. */
import type { ScenarioIntent } from '../../../src/matrix/definition.js';
import type { CellResult, CellTarget, MatrixResult, Outcome, ProfileSummary, ScenarioSummary } from '../../../src/matrix/result.js';

export const TARGETS: readonly CellTarget[] = [
  { id: 'liberty', release: 'liberty', maxMicroversion: '2.12' },
  { id: 'newton', release: 'newton', maxMicroversion: '2.38' },
  { id: 'zed', release: 'zed', maxMicroversion: '2.93' },
  { id: 'hibiscus', release: 'hibiscus', maxMicroversion: '2.104' },
];

export function scenario(id: string, intent: Partial<ScenarioIntent> & { host: 'auto' | 'named' }, expectError?: number): ScenarioSummary {
  return {
    id,
    title: id,
    intent: { blockMigration: false, diskOverCommit: false, ...intent },
    world: { server: 'active', destination: 'healthy', caller: 'admin' },
    expect: expectError === undefined ? {} : { error: { status: [expectError], async: false } },
  };
}

export interface CellSpec {
  readonly profile: string;
  readonly scenario: string;
  readonly target: string;
  readonly outcome: Outcome;
  /** The os-migrateLive object sent; null when the client refused. */
  readonly body?: Record<string, unknown> | null;
  readonly microversion?: string;
  readonly status?: number;
  readonly fault?: string;
  readonly refusal?: string;
  readonly explanation?: string;
  readonly destination?: string | null;
}

export function cell(spec: CellSpec): CellResult {
  const target = TARGETS.find((t) => t.id === spec.target)!;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.microversion) headers['x-openstack-nova-api-version'] = spec.microversion;
  const status = spec.status ?? (spec.outcome === 'rejected' ? 400 : 202);
  const refused = spec.outcome === 'client-refused';
  return {
    id: `${spec.profile}|${spec.scenario}|${spec.target}`,
    profile: spec.profile,
    scenario: spec.scenario,
    target,
    outcome: spec.outcome,
    explanation: spec.explanation ?? `${spec.outcome} at ${spec.microversion ?? '2.1'}`,
    request: refused ? null : { method: 'POST', path: '/v2.1/servers/00000000-0000-4000-8000-000000000001/action', headers, body: { 'os-migrateLive': spec.body ?? {} } },
    ...(refused ? { refusal: spec.refusal ?? 'refused' } : {}),
    response: refused ? null : { status, headers: {}, body: spec.fault ? { badRequest: { code: status, message: spec.fault } } : null },
    effectiveMicroversion: refused ? null : (spec.microversion ?? '2.1'),
    destination: spec.destination === undefined ? null : spec.destination,
  };
}

export function result(profiles: readonly ProfileSummary[], scenarios: readonly ScenarioSummary[], cells: readonly CellResult[]): MatrixResult {
  return {
    schemaVersion: 2,
    metadata: { mvmatrixVersion: '0', matrixFile: 'm.yaml', matrixHash: '0'.repeat(64), provider: 'test', targets: TARGETS, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', durationMs: 1000 },
    profiles,
    scenarios,
    cells,
  };
}
