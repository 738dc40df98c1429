/** Loads the synthetic matrix result shared by the report tests, and variants of it. */
import { readFileSync } from 'node:fs';
import type { CellResult, MatrixResult, ProfileSummary } from '../../../src/matrix/result.js';

export const MATRIX_SMALL_PATH = new URL('../../fixtures/reports/matrix-small.json', import.meta.url);
export const HOSTILE_HOST = '<img src=x onerror=alert(1)>';

export function loadMatrixSmall(): MatrixResult {
  return JSON.parse(readFileSync(MATRIX_SMALL_PATH, 'utf8')) as MatrixResult;
}

/**
 * The fixture as the versioned profiles of the clients workstream will write it: Horizon
 * 23.0.0 and 25.3.0 behave as `horizon-legacy` (no 60455e5ff), 27.0.0 as `horizon-60455e5ff`,
 * plus the proposed fix; each profile with `client` and `clientVersion`.
 */
export function loadVersionedHorizon(): MatrixResult {
  const small = loadMatrixSmall();
  const source = (id: string) => small.profiles.find((p) => p.id === id)!;
  const versions: { id: string; from: string; client: string; clientVersion: string }[] = [
    { id: 'horizon@27.0.0', from: 'horizon-60455e5ff', client: 'horizon', clientVersion: '27.0.0' },
    { id: 'horizon@23.0.0', from: 'horizon-legacy', client: 'horizon', clientVersion: '23.0.0' },
    { id: 'horizon-proposed', from: 'horizon-proposed', client: 'horizon-proposed', clientVersion: '0.1.0' },
    { id: 'horizon@25.3.0', from: 'horizon-legacy', client: 'horizon', clientVersion: '25.3.0' },
  ];
  const profiles: ProfileSummary[] = versions.map((v) => ({ ...source(v.from), id: v.id, client: v.client, clientVersion: v.clientVersion }));
  const cells: CellResult[] = versions.flatMap((v) =>
    small.cells.filter((c) => c.profile === v.from).map((c) => ({ ...c, profile: v.id, id: `${v.id}|${c.scenario}|${c.target.id}` })),
  );
  return { ...small, profiles, cells };
}
