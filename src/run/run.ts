/**
 * The matrix runner: for every cell, discovery as the profile does it (one real GET per
 * endpoint and procedure, cached for the run), a fresh server in the scenario's state, the
 * request the client builds, the answer, and the classification. Cells run concurrently and
 * independently; results come back in expansion order whatever the concurrency.
 *
 * Two rules keep it from answering wrongly: a target's cells run in waves of at most the
 * provider's fresh-server cap (so no server is dropped before its cell runs), and the first
 * cell that fails for infrastructure reasons (no answer: transport, deadline, provisioning,
 * read-back) stops the run from starting more cells — the outcome then says it is incomplete.
 */
import type { BuildResult, ClientProfile, DiscoveredRange, HttpGet, LiveMigrationIntent } from '../clients/types.js';
import { ERROR_CODES, MvmError, isMvmError } from '../errors.js';
import type { InterpretMigrateLive } from '../nova/contract.js';
import type { NovaTarget } from '../nova/target.js';
import type { BatchServerProvider, NovaEndpoint, NovaProvider, ReleasingServerProvider } from '../providers/provider.js';
import type { DrivenProfiles } from '../drivers/driven-profiles.js';
import { DEFAULT_DESTINATIONS, intentFor } from '../matrix/intent.js';
import type { Destination, Scenario } from '../matrix/definition.js';
import type { ExpandedMatrix, MatrixCell } from '../matrix/expand.js';
import type { Transport } from '../http/http-transport.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { createRedactor, type Redactor } from '../redaction/redactor.js';
import type { CellResult } from '../matrix/result.js';
import { SharedEvidence } from '../matrix/shared-evidence.js';
import { messageOf, runCell, type CellPlan, type ServerSlot } from './run-cell.js';
import { describeIncompleteRun, incompleteFromCounts, isInfrastructureFailure, type IncompleteRun } from '../matrix/run-health.js';

/** The request builders as the runner uses them (`src/clients/index.ts`). */
export interface ClientsApi {
  getProfile(id: string): ClientProfile;
  buildLiveMigration(profile: ClientProfile, intent: LiveMigrationIntent, discovered: DiscoveredRange, serverId: string): BuildResult;
  discoverVersionRange(profile: ClientProfile, computeUrl: string, get: HttpGet): Promise<DiscoveredRange>;
}

export interface RunDeps {
  readonly provider: NovaProvider;
  readonly transport: Transport;
  readonly clients: ClientsApi;
  readonly interpret: InterpretMigrateLive;
  readonly concurrency: number;
  readonly destinations?: Readonly<Record<Destination, string>>;
  /** Profiles run by real client drivers (absent: every profile is a model). */
  readonly driven?: DrivenProfiles;
  /** Called after each cell (for progress); `done` counts finished cells. */
  readonly onCellDone?: (done: number, total: number) => void;
  /**
   * Redacts every text of each cell (explanation, refusal, paths, bodies) on top of the credential
   * headers and members evidence.ts always removes; default: from the provider's own
   * {@link NovaProvider.redaction}, when it has one.
   */
  readonly redactor?: Redactor;
  /**
   * Rows (profile × scenario) per block: cells run block after block, each target's cells of a
   * block one after another in cell order, so a target's server ids are the same whatever the
   * block size. Its migration record ids are too, except where a scenario's server template
   * comes with a migration of its own: a block's servers are made before its requests, so
   * those records are numbered among the requests' by block. Default: one block (every row).
   */
  readonly blockRows?: number;
  /**
   * Streams the results: called after each block, in order, with the block's cells that ran
   * (in expansion order), their matrix cells and their positions among the served cells. The
   * outcome then holds no cells, and the runner keeps none.
   */
  readonly onBlock?: (results: readonly CellResult[], cells: readonly MatrixCell[], positions: readonly number[]) => void | Promise<void>;
  /**
   * A halt shared with other runners of the same run (threads running other targets): the
   * first infrastructure failure anywhere stops every runner from starting cells.
   */
  readonly halt?: { readonly halted: () => boolean; readonly halt: () => void };
}

export interface RunOutcome {
  /** Results in expansion order of the served cells that ran (none when {@link RunDeps.onBlock} streamed them). */
  readonly cells: readonly CellResult[];
  readonly targets: readonly NovaTarget[];
  readonly skippedTargets: readonly { readonly id: string; readonly reason: string }[];
  /** Cells of the served targets: what a complete run has. */
  readonly cellsExpected: number;
  /** Set when cells failed for infrastructure reasons or never ran: the result is partial. */
  readonly incomplete: IncompleteRun | null;
}

const PLACEHOLDER_SERVER = '00000000-0000-0000-0000-000000000000';

/**
 * Optional provider capability: many fresh servers in one call, in order. The runner uses it
 * when present (one control call per target and template instead of one per cell).
 */
function canBatch(provider: NovaProvider): provider is NovaProvider & BatchServerProvider {
  return typeof (provider as Partial<BatchServerProvider>).createServers === 'function';
}

function canRelease(provider: NovaProvider): provider is NovaProvider & ReleasingServerProvider {
  return typeof (provider as Partial<ReleasingServerProvider>).releaseServers === 'function';
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
  // One intent object per scenario: remembered builds are keyed by it (execute.ts).
  const intents = new Map<Scenario, LiveMigrationIntent>();
  const plan = async (cell: MatrixCell): Promise<CellPlan> => {
    const endpoint = endpoints.get(cell.target.id)!;
    let intent = intents.get(cell.scenario);
    if (!intent) intents.set(cell.scenario, (intent = intentFor(cell.scenario, destinations)));
    if (deps.driven?.owns(cell.profile)) return { cell, endpoint, intent, profile: null, discovered: null, refusal: null, failure: null, driven: true };
    try {
      const profile = profileOf(cell.profile);
      const discovered = await discover(profile, endpoint);
      const probe = deps.clients.buildLiveMigration(profile, intent, discovered, PLACEHOLDER_SERVER);
      return { cell, endpoint, intent, profile, discovered, refusal: probe.kind === 'refused' ? probe.message : null, failure: null };
    } catch (error) {
      return { cell, endpoint, intent, profile: null, discovered: null, refusal: null, failure: messageOf(error) };
    }
  };
  const results = new Array<CellResult | undefined>(cells.length);
  // Credential headers and members are always redacted (evidence.ts); a provider given credentials
  // (or a URL, which may carry a password) also gets every text of the cell redacted.
  const redactor = deps.redactor ?? (deps.provider.redaction === undefined ? undefined : createRedactor(deps.provider.redaction));
  const cellDeps: RunDeps = redactor === undefined ? deps : { ...deps, redactor };
  let halted = false;
  const stopped = (): boolean => halted || (deps.halt?.halted() ?? false);
  const health = { ran: 0, failed: 0, first: null as { position: number; cell: CellResult } | null };
  let done = 0;
  const release = canRelease(deps.provider) ? deps.provider : undefined;
  // Kept cells hold one copy of the evidence they share (header sets, fault bodies, texts). A
  // streamed run keeps no cell past its block, so it shares nothing: matrix.json's encoder
  // numbers the evidence by its JSON anyway, and finding the shared copy cost as much again.
  const shared = deps.onBlock ? undefined : new SharedEvidence();
  // Block by block (a block is some rows: every target's cells of those rows); within a block,
  // up to `concurrency` targets at a time, each sending one cell after another in cell order: a
  // target's server ids and migration records (and so the ids its cells cite) then do not
  // depend on how requests interleave, over HTTP as in-process (docs/decisions/0003), nor — but
  // for the records of servers made migrating (RunDeps.blockRows) — on the block size.
  const blockSize = deps.blockRows === undefined ? cells.length : Math.max(1, deps.blockRows) * Math.max(1, endpoints.size);
  for (let start = 0; start < cells.length && !stopped(); start += blockSize) {
    const end = Math.min(cells.length, start + blockSize);
    const byTarget = new Map<string, number[]>();
    for (let i = start; i < end; i++) {
      const list = byTarget.get(cells[i]!.target.id);
      if (list) list.push(i);
      else byTarget.set(cells[i]!.target.id, [i]);
    }
    await mapConcurrent([...byTarget.values()], Math.max(1, deps.concurrency), async (indices) => {
      if (stopped()) return;
      const plans = await mapConcurrent(indices, deps.concurrency, (i) => plan(cells[i]!));
      const made: string[] = [];
      for (const wave of waves(plans, deps.provider.freshServerCap)) {
        if (stopped()) break;
        const servers = await provisionServers(wave.plans, deps);
        for (const slot of servers) if (slot && 'server' in slot) made.push(slot.server.id);
        for (let k = 0; k < wave.plans.length; k++) {
          if (stopped()) break; // the run is already incomplete: start nothing more
          const position = indices[wave.offset + k]!;
          const ran = await runCell(wave.plans[k]!, servers[k], cellDeps);
          const result = shared ? shared.cell(ran) : ran;
          results[position] = result;
          health.ran++;
          if (isInfrastructureFailure(result)) {
            health.failed++;
            if (health.first === null || position < health.first.position) health.first = { position, cell: result };
            halted = true;
            deps.halt?.halt();
          }
          done++;
          deps.onCellDone?.(done, cells.length);
        }
      }
      if (release && made.length > 0) await release.releaseServers(plans[0]!.endpoint, made);
    });
    if (deps.onBlock) {
      const ranResults: CellResult[] = [];
      const ranCells: MatrixCell[] = [];
      const positions: number[] = [];
      for (let i = start; i < end; i++) {
        const result = results[i];
        if (result === undefined) continue;
        ranResults.push(result);
        ranCells.push(cells[i]!);
        positions.push(i);
        results[i] = undefined;
      }
      await deps.onBlock(ranResults, ranCells, positions);
    }
  }

  const ran = deps.onBlock ? [] : results.filter((r): r is CellResult => r !== undefined);
  const incomplete = incompleteFromCounts({ ran: health.ran, failed: health.failed, first: health.first?.cell ?? null }, cells.length);
  if (incomplete && health.failed === health.ran) {
    // Not one answer: there is nothing to keep, and the provider is down or unreachable.
    throw new MvmError(ERROR_CODES.RUN_INCOMPLETE, `no cell got an answer from Nova; ${describeIncompleteRun(incomplete, cells.length)}`, {
      hint: `check that ${deps.provider.description} is running and reachable`,
    });
  }
  return { cells: ran, targets: expanded.targets.filter((t) => endpoints.has(t.id)), skippedTargets, cellsExpected: cells.length, incomplete };
}

/**
 * A target's planned cells in order, cut into waves of at most `cap` cells that need a fresh
 * server (refused and failed plans need none), so a provider that keeps only `cap` fresh
 * servers never drops one before its cell has run. One wave when there is no cap.
 */
export function waves(plans: readonly CellPlan[], cap: number | undefined): { offset: number; plans: CellPlan[] }[] {
  if (cap === undefined || !Number.isFinite(cap) || cap < 1) return [{ offset: 0, plans: [...plans] }];
  const out: { offset: number; plans: CellPlan[] }[] = [];
  let current: { offset: number; plans: CellPlan[] } = { offset: 0, plans: [] };
  let needing = 0;
  plans.forEach((p, i) => {
    const needsServer = p.refusal === null && p.failure === null;
    if (needsServer && needing === cap) {
      out.push(current);
      current = { offset: i, plans: [] };
      needing = 0;
    }
    current.plans.push(p);
    if (needsServer) needing++;
  });
  if (current.plans.length > 0) out.push(current);
  return out;
}

/**
 * One fresh server per sending cell: per target in cell order, targets in parallel. After the
 * first failure of a target no more servers are asked for (a provider that fails or hangs once
 * would only fail or hang again); the remaining cells carry that failure.
 */
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
    // Consecutive cells with the same template make one batch (one call with a batching
    // provider, else one call per server); servers are made in cell order either way, so ids
    // match what one-by-one creation gives.
    const runs: number[][] = [];
    for (const i of indices) {
      const last = runs[runs.length - 1];
      if (last && plans[last[0]!]!.cell.scenario.world.server === plans[i]!.cell.scenario.world.server) last.push(i);
      else runs.push([i]);
    }
    let failure: string | undefined;
    for (const group of runs) {
      const template = plans[group[0]!]!.cell.scenario.world.server;
      if (failure === undefined) {
        try {
          if (canBatch(provider)) {
            const created = await provider.createServers(endpoint, template, group.length);
            group.forEach((i, k) => (slots[i] = created[k] ? { server: created[k] } : { error: `no server ${k} in the batch` }));
          } else {
            for (const i of group) slots[i] = { server: await provider.createServer(endpoint, template) };
          }
        } catch (error) {
          failure = messageOf(error);
        }
      }
      if (failure !== undefined) for (const i of group) slots[i] ??= { error: failure };
    }
  });
  return slots;
}
