/**
 * The matrix runner: for every cell, discovery as the profile does it (one real GET per
 * endpoint and procedure, cached for the run), a fresh server in the scenario's state, the
 * request the client builds, the answer, and the classification. Cells run concurrently and
 * independently; results come back in expansion order whatever the concurrency.
 */
import type { BuildResult, ClientProfile, DiscoveredRange, HttpGet, LiveMigrationIntent } from '../clients/types.js';
import { ERROR_CODES, MvmError, isMvmError } from '../errors.js';
import type { InterpretMigrateLive } from '../nova/contract.js';
import type { NovaTarget } from '../nova/target.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../providers/provider.js';
import type { Destination, Scenario } from './definition.js';
import type { ExpandedMatrix, MatrixCell } from './expand.js';
import type { Transport } from './http-transport.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { CellResult } from './result.js';
import { messageOf, runCell, type CellPlan, type ServerSlot } from './run-cell.js';

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

/**
 * Optional provider capability: many fresh servers in one call, in order. The runner uses it
 * when present (one control call per target and template instead of one per cell).
 */
export interface BatchServerProvider {
  createServers(endpoint: NovaEndpoint, template: string, count: number): Promise<ProvisionedServer[]>;
}

function canBatch(provider: NovaProvider): provider is NovaProvider & BatchServerProvider {
  return typeof (provider as Partial<BatchServerProvider>).createServers === 'function';
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

  // Target by target: plan — discovery (one GET per endpoint and procedure) and what each client
  // builds; a refusing client needs no server — then fresh servers in cell order (so server ids,
  // and so the evidence, do not depend on scheduling), then the requests. Results land at their
  // cell's index.
  const plan = async (cell: MatrixCell): Promise<CellPlan> => {
    const endpoint = endpoints.get(cell.target.id)!;
    const intent = intentFor(cell.scenario, destinations);
    try {
      const profile = profileOf(cell.profile);
      const discovered = await discover(profile, endpoint);
      const probe = deps.clients.buildLiveMigration(profile, intent, discovered, PLACEHOLDER_SERVER);
      return { cell, endpoint, intent, profile, discovered, refusal: probe.kind === 'refused' ? probe.message : null, failure: null };
    } catch (error) {
      return { cell, endpoint, intent, profile: null, discovered: null, refusal: null, failure: messageOf(error) };
    }
  };
  const byTarget = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const list = byTarget.get(cell.target.id);
    if (list) list.push(i);
    else byTarget.set(cell.target.id, [i]);
  });
  const results = new Array<CellResult>(cells.length);
  let done = 0;
  // Up to `concurrency` targets at a time, each sending one cell after another in cell order:
  // a target's server ids and migration records (and so the ids its cells cite) then do not
  // depend on how requests interleave, over HTTP as in-process (docs/decisions/0003).
  await mapConcurrent([...byTarget.values()], Math.max(1, deps.concurrency), async (indices) => {
    const plans = await mapConcurrent(indices, deps.concurrency, (i) => plan(cells[i]!));
    const servers = await provisionServers(plans, deps);
    for (let k = 0; k < plans.length; k++) {
      results[indices[k]!] = await runCell(plans[k]!, servers[k], deps);
      done++;
      deps.onCellDone?.(done, cells.length);
    }
  });

  if (results.length > 0 && results.every((r) => r.outcome === 'error' && r.response === null && r.refusal === undefined)) {
    throw new MvmError(ERROR_CODES.PROVIDER, `every cell failed before Nova answered; first failure: ${results[0]!.explanation}`, {
      hint: `check that ${deps.provider.description} is running and reachable`,
    });
  }
  return { cells: results, targets: expanded.targets.filter((t) => endpoints.has(t.id)), skippedTargets };
}




/** One fresh server per sending cell: per target in cell order, targets in parallel. */
async function provisionServers(plans: readonly CellPlan[], deps: RunDeps): Promise<ServerSlot[]> {
  const slots: ServerSlot[] = plans.map(() => null);
  const byTarget = new Map<string, number[]>();
  plans.forEach((plan, i) => {
    if (plan.refusal !== null || plan.failure !== null) return;
    const list = byTarget.get(plan.cell.target.id);
    if (list) list.push(i);
    else byTarget.set(plan.cell.target.id, [i]);
  });
  const provider = deps.provider;
  await mapConcurrent([...byTarget.values()], deps.concurrency, async (indices) => {
    const endpoint = plans[indices[0]!]!.endpoint;
    if (canBatch(provider)) {
      // Consecutive cells with the same template make one batch: servers are still made in
      // cell order, so ids match what one-by-one creation gives.
      const runs: number[][] = [];
      for (const i of indices) {
        const last = runs[runs.length - 1];
        if (last && plans[last[0]!]!.cell.scenario.world.server === plans[i]!.cell.scenario.world.server) last.push(i);
        else runs.push([i]);
      }
      for (const group of runs) {
        const template = plans[group[0]!]!.cell.scenario.world.server;
        try {
          const created = await provider.createServers(endpoint, template, group.length);
          group.forEach((i, k) => (slots[i] = created[k] ? { server: created[k] } : { error: `no server ${k} in the batch` }));
        } catch (error) {
          for (const i of group) slots[i] = { error: messageOf(error) };
        }
      }
      return;
    }
    for (const i of indices) {
      try {
        slots[i] = { server: await provider.createServer(endpoint, plans[i]!.cell.scenario.world.server) };
      } catch (error) {
        slots[i] = { error: messageOf(error) };
      }
    }
  });
  return slots;
}


