/**
 * The stateful part of the differential corpus: every live-migration scenario of a matrix at
 * every band edge, as the real clients send it. For each scenario and each server maximum at a
 * band edge (2.24/2.25, 2.29/2.30, 2.33/2.34, 2.67/2.68, plus the release's own maximum),
 * every client profile builds its request; identical requests (same microversion headers,
 * body, server state and caller) are sent once. Each case then runs on a fresh server on both
 * sides, and after the answer the server's live migrations are run to their end state
 * (`POST /_mvmatrix/migrations/settle`) and read back. Pure.
 */
import type { ClientProfile } from '../clients/types.js';
import type { Destination, Scenario } from '../matrix/definition.js';
import { intentFor } from '../matrix/intent.js';
import { parseMicroversion } from '../microversion/version.js';
import type { ConformanceCase } from './corpus/case.js';

/** Server maxima at both sides of every live-migration band edge. */
export const BAND_EDGES: readonly string[] = ['2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68'];

export interface StatefulCase extends ConformanceCase {
  readonly group: 'stateful';
  /** The matrix scenario (the first one, when several send the same request). */
  readonly scenario: string;
  /** Server maxima (band edges) at which some client sent exactly this request. */
  readonly edges: readonly string[];
  /** Profiles that sent it. */
  readonly profiles: readonly string[];
}

export interface StatefulCorpusInput {
  readonly scenarios: readonly Scenario[];
  readonly profiles: readonly ClientProfile[];
  /** Host names of the world for each kind of named destination. */
  readonly destinations: Readonly<Record<Destination, string>>;
  /** Band edges to use (default {@link BAND_EDGES}) plus, e.g., the release's maximum. */
  readonly edges?: readonly string[];
}

/** Placeholder the sender replaces with the fresh server's id. */
const SERVER = '{server}';

/** Builds the stateful cases, deterministic for a given input order. */
export function buildStatefulCorpus(input: StatefulCorpusInput): StatefulCase[] {
  const edges = input.edges ?? BAND_EDGES;
  const byKey = new Map<string, { case: Omit<StatefulCase, 'id'>; edges: Set<string>; profiles: Set<string> }>();
  for (const scenario of input.scenarios) {
    const intent = intentFor(scenario, input.destinations);
    for (const edge of edges) {
      const discovered = { kind: 'range' as const, min: parseMicroversion('2.1'), max: parseMicroversion(edge) };
      for (const profile of input.profiles) {
        const built = profile.build(intent, discovered, SERVER);
        if (built.kind !== 'request') continue;
        const { request } = built;
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const body = JSON.stringify(request.body);
        const requested = built.microversion ?? '(none)';
        const key = JSON.stringify([scenario.world.server, scenario.world.caller, request.method, request.path, headers, body]);
        let entry = byKey.get(key);
        if (!entry) {
          entry = {
            case: {
              group: 'stateful',
              scenario: scenario.id,
              edges: [],
              profiles: [],
              method: request.method as ConformanceCase['method'],
              path: `/v2.1${request.path}`,
              headers,
              body,
              server: { kind: 'fresh', template: scenario.world.server },
              caller: scenario.world.caller,
              summary: `${scenario.id} ${requested} ${scenario.world.caller}: ${body}`,
              requested,
            },
            edges: new Set(),
            profiles: new Set(),
          };
          byKey.set(key, entry);
        }
        entry.edges.add(edge);
        entry.profiles.add(profile.id);
      }
    }
  }
  return [...byKey.values()].map((entry, i) => ({
    ...entry.case,
    id: `s${String(i + 1).padStart(4, '0')}`,
    edges: [...entry.edges],
    profiles: [...entry.profiles],
  }));
}
