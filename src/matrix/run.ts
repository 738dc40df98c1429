/**
 * The matrix runner: for every cell, discovery as the profile does it (one real GET per
 * endpoint and procedure, cached for the run), a fresh server in the scenario's state, the
 * request the client builds, the answer, and the classification. Cells run concurrently and
 * independently; results come back in expansion order whatever the concurrency.
 */
import type { BuildResult, ClientProfile, DiscoveredRange, HttpGet, LiveMigrationIntent } from '../clients/types.js';
import { ERROR_CODES, MvmError, isMvmError } from '../errors.js';
import { formatMicroversion } from '../microversion/version.js';
import type { InterpretMigrateLive } from '../nova/contract.js';
import type { NovaTarget } from '../nova/target.js';
import type { NovaEndpoint, NovaProvider } from '../providers/provider.js';
import { classifyCell, type CellExchange } from './classify.js';
import type { Destination, Scenario } from './definition.js';
import type { ExpandedMatrix, MatrixCell } from './expand.js';
import type { Transport, TransportResponse } from './http-transport.js';
import type { CellRequest, CellResponse, CellResult } from './result.js';

/** The request builders as the runner uses them (`src/clients/index.ts`). */
export interface ClientsApi {
  getProfile(id: string): ClientProfile;
  buildLiveMigration(profile: ClientProfile, intent: LiveMigrationIntent, discovered: DiscoveredRange, serverId: string): BuildResult;
  discoverVersionRange(profile: ClientProfile, computeUrl: string, get: HttpGet): Promise<DiscoveredRange>;
}

/** Host names of the default world for each kind of destination (see `src/nova/world.ts`). */
export const DEFAULT_DESTINATIONS: Readonly<Record<Destination, string>> = {
  healthy: 'compute-02',
  'pre-checks-fail': 'compute-03',
  'service-down': 'compute-04',
  unknown: 'compute-99',
};

export interface RunDeps {
  readonly provider: NovaProvider;
  readonly transport: Transport;
  readonly clients: ClientsApi;
  readonly interpret: InterpretMigrateLive;
  readonly concurrency: number;
  readonly destinations?: Readonly<Record<Destination, string>>;
  /** Called after each cell (for progress); `done` counts finished cells. */
  readonly onCellDone?: (done: number, total: number) => void;
}

export interface RunOutcome {
  /** Results in expansion order of the served cells. */
  readonly cells: readonly CellResult[];
  readonly targets: readonly NovaTarget[];
  readonly skippedTargets: readonly { readonly id: string; readonly reason: string }[];
}

const PLACEHOLDER_SERVER = '00000000-0000-0000-0000-000000000000';
const NOAUTH_TOKEN = /^[\w.-]+:[\w.-]+$/;

/** Evidence must not leak a real token; noauth2 `<user>:<project>` tokens are kept (they say who called). */
function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name.toLowerCase() === 'x-auth-token' && !NOAUTH_TOKEN.test(value) ? '<redacted>' : value;
  }
  return out;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toCellResponse(response: TransportResponse): CellResponse {
  return { status: response.status, headers: response.headers, body: parseBody(response.body) };
}

function intentFor(scenario: Scenario, destinations: Readonly<Record<Destination, string>>): LiveMigrationIntent {
  const { intent, world } = scenario;
  return {
    host: intent.host === 'auto' ? null : destinations[world.destination],
    blockMigration: intent.blockMigration,
    diskOverCommit: intent.diskOverCommit,
    ...(intent.force === undefined ? {} : { force: intent.force }),
  };
}

function messageOf(error: unknown): string {
  if (isMvmError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs every cell of `expanded` the provider can serve. */
export async function runMatrix(expanded: ExpandedMatrix, deps: RunDeps): Promise<RunOutcome> {
  const destinations = deps.destinations ?? DEFAULT_DESTINATIONS;

  // Which targets can this provider serve? Asked once per target, before any cell runs.
  const endpoints = new Map<string, NovaEndpoint>();
  const skippedTargets: { id: string; reason: string }[] = [];
  for (const target of expanded.targets) {
    try {
      endpoints.set(target.id, await deps.provider.endpointFor(target));
    } catch (error) {
      if (isMvmError(error) && error.code === ERROR_CODES.PROVIDER) skippedTargets.push({ id: target.id, reason: error.message });
      else throw error;
    }
  }
  const cells = expanded.cells.filter((cell) => endpoints.has(cell.target.id));
  if (cells.length === 0 && expanded.cells.length > 0) {
    throw new MvmError(ERROR_CODES.PROVIDER, `${deps.provider.description} cannot serve any target of the matrix`, {
      hint: skippedTargets[0] ? `first reason: ${skippedTargets[0].reason}` : undefined,
    });
  }

  const profiles = new Map<string, ClientProfile>();
  const profileOf = (id: string): ClientProfile => {
    let profile = profiles.get(id);
    if (!profile) {
      profile = deps.clients.getProfile(id);
      profiles.set(id, profile);
    }
    return profile;
  };

  // Discovery: one real GET per URL, one procedure result per (procedure, endpoint).
  const getCache = new Map<string, Promise<{ status: number; body: string }>>();
  const get: HttpGet = (url) => {
    let pending = getCache.get(url);
    if (!pending) {
      pending = deps.transport.send({ method: 'GET', url, headers: { accept: 'application/json' } }).then((r) => ({ status: r.status, body: r.body }));
      getCache.set(url, pending);
    }
    return pending;
  };
  const discoveries = new Map<string, Promise<DiscoveredRange>>();
  const discover = (profile: ClientProfile, endpoint: NovaEndpoint): Promise<DiscoveredRange> => {
    const key = `${profile.discovery} ${endpoint.computeUrl}`;
    let pending = discoveries.get(key);
    if (!pending) {
      pending = deps.clients.discoverVersionRange(profile, endpoint.computeUrl, get);
      discoveries.set(key, pending);
    }
    return pending;
  };

  async function runCell(cell: MatrixCell): Promise<CellResult> {
    const endpoint = endpoints.get(cell.target.id)!;
    const { scenario } = cell;
    const intent = intentFor(scenario, destinations);
    let exchange: CellExchange;
    let request: CellRequest | null = null;
    try {
      const profile = profileOf(cell.profile);
      const discovered = await discover(profile, endpoint);
      // Build once without a server: a refusing client never needs one.
      const probe = deps.clients.buildLiveMigration(profile, intent, discovered, PLACEHOLDER_SERVER);
      if (probe.kind === 'refused') {
        exchange = { kind: 'refused', message: probe.message };
      } else {
        const server = await deps.provider.createServer(endpoint, scenario.world.server);
        const built = deps.clients.buildLiveMigration(profile, intent, discovered, server.id);
        if (built.kind === 'refused') {
          exchange = { kind: 'refused', message: built.message };
        } else {
          const headers: Record<string, string> = {
            accept: 'application/json',
            ...built.request.headers,
            'x-auth-token': deps.provider.token(scenario.world.caller),
          };
          const url = `${endpoint.computeUrl}${built.request.path}`;
          request = { method: built.request.method, path: new URL(url).pathname, headers: redactHeaders(headers), body: built.request.body };
          const response = await deps.transport.send({
            method: built.request.method,
            url,
            headers,
            ...(built.request.body === undefined ? {} : { body: JSON.stringify(built.request.body) }),
          });
          exchange = { kind: 'response', request, response: toCellResponse(response) };
        }
      }
    } catch (error) {
      exchange = { kind: 'transport-error', request, message: messageOf(error) };
    }
    const verdict = classifyCell({ profile: cell.profile, scenario, target: cell.target, host: intent.host, exchange }, deps.interpret);
    return {
      id: cell.id,
      profile: cell.profile,
      scenario: scenario.id,
      target: { id: cell.target.id, release: cell.target.release.name, maxMicroversion: formatMicroversion(cell.target.maxMicroversion) },
      outcome: verdict.outcome,
      explanation: verdict.explanation,
      request: exchange.kind === 'refused' ? null : request,
      ...(exchange.kind === 'refused' ? { refusal: exchange.message } : {}),
      response: exchange.kind === 'response' ? exchange.response : null,
      effectiveMicroversion: verdict.effectiveMicroversion,
      destination: intent.host,
      world: { server: scenario.world.server, caller: scenario.world.caller },
    };
  }

  const results: CellResult[] = new Array<CellResult>(cells.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length) {
      const i = next++;
      results[i] = await runCell(cells[i]!);
      done++;
      deps.onCellDone?.(done, cells.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency, cells.length)) }, worker));

  if (results.length > 0 && results.every((r) => r.outcome === 'error' && r.response === null && r.refusal === undefined)) {
    throw new MvmError(ERROR_CODES.PROVIDER, `every cell failed before Nova answered; first failure: ${results[0]!.explanation}`, {
      hint: `check that ${deps.provider.description} is running and reachable`,
    });
  }
  return { cells: results, targets: expanded.targets.filter((t) => endpoints.has(t.id)), skippedTargets };
}
