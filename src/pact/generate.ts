/**
 * `mvmatrix pact`: the contract subset of a matrix, run on the embedded emulator (the matrix's
 * own runner: discovery, fresh servers, classification), then one interaction per cell that
 * sent a request, written by the Pact library into one pact per consumer × provider.
 *
 * Output is deterministic: example server ids are the replay stand-in ids of each template,
 * interactions are sorted by description (Pact's merge does it), and files are written into a
 * scratch directory first, then renamed over `outDir` (stale pact files removed), so a failed
 * run leaves the committed pacts untouched.
 */
import { mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuiltRequest, ClientProfile, DiscoveredRange, HttpGet } from '../clients/types.js';
import { ERROR_CODES, MvmError } from '../errors.js';
import { CLIENTS, executeMatrix, prepareMatrix } from '../run/execute.js';
import type { MatrixCell } from '../matrix/expand.js';
import type { Allowlist, Baseline } from '../matrix/gate.js';
import { createUndiciTransport, type Transport } from '../http/http-transport.js';
import { openProvider } from '../run/open-provider.js';
import type { CellResult } from '../matrix/result.js';
import { DEFAULT_DESTINATIONS, intentFor } from '../matrix/intent.js';
import type { ClientsApi } from '../run/run.js';
import { DEFAULT_WORLD } from '../nova/world.js';
import type { NovaEndpoint, NovaProvider } from '../providers/provider.js';
import { standInServerId } from '../providers/replay/recording-provider.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { selectContractCells } from './contract-subset.js';
import type { InteractionSpec } from './interaction-spec.js';
import { consumerName, providerName, type ConsumerProfile } from './names.js';
import { writeInteraction } from './pact-writer.js';
import { pendingReason } from './pending.js';
import { planInteraction } from './plan-interaction.js';
import type { StateWorld } from './provider-states.js';
import { groupBy } from '../util/group-by.js';

/** The compute endpoint's path below every provider's base URL. */
export const COMPUTE_PATH = '/v2.1';

export const STATE_WORLD: StateWorld = {
  templateHost(template) {
    const found = DEFAULT_WORLD.templates[template];
    if (!found) throw new MvmError(ERROR_CODES.INVALID_MATRIX, `no server template '${template}' in the default world`);
    return found.host;
  },
  destinations: DEFAULT_DESTINATIONS,
};

export interface GenerateOptions {
  readonly matrixPath: string;
  /** Where the pacts go (`contracts/pacts`). */
  readonly outDir: string;
  /** The committed baseline (pending rules), or null. */
  readonly baseline: Baseline | null;
  readonly allowlist: Allowlist;
  /** Pact files written at once (each file's interactions are written one after another). */
  readonly concurrency?: number;
  /** The request builders (default the real ones; tests inject a changed profile). */
  readonly clients?: ClientsApi;
}

export interface PactFileSummary {
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: number;
  readonly pending: number;
}

export interface GenerateSummary {
  readonly pacts: readonly PactFileSummary[];
  readonly cells: number;
  readonly interactions: number;
  /** Cells whose client refused before sending: no request, no interaction. */
  readonly withoutRequest: number;
  /** Extra attempts the #1835 race cost. */
  readonly retries: number;
  readonly matrixMs: number;
  readonly writeMs: number;
}

/** The profile's consumer name (`client@clientVersion` once profiles carry them). */
function consumerOf(profile: ClientProfile): string {
  return consumerName(profile as ClientProfile & ConsumerProfile);
}

function discoveryCache(transport: Transport, clients: ClientsApi) {
  const gets = new Map<string, Promise<{ status: number; body: string }>>();
  const get: HttpGet = (url) => {
    let pending = gets.get(url);
    if (!pending) {
      pending = transport.send({ method: 'GET', url, headers: { accept: 'application/json' } }).then((r) => ({ status: r.status, body: r.body }));
      gets.set(url, pending);
    }
    return pending;
  };
  const ranges = new Map<string, Promise<DiscoveredRange>>();
  return (profile: ClientProfile, endpoint: NovaEndpoint): Promise<DiscoveredRange> => {
    const key = `${profile.discovery} ${endpoint.computeUrl}`;
    let pending = ranges.get(key);
    if (!pending) {
      pending = clients.discoverVersionRange(profile, endpoint.computeUrl, get);
      ranges.set(key, pending);
    }
    return pending;
  };
}

/** The request the matrix sent must be the one the builder makes with the example id. */
function checkSameRequest(result: CellResult, built: BuiltRequest): void {
  const sent = result.request!;
  const sameHeaders = Object.entries(built.headers).every(([name, value]) => sent.headers[name] === value);
  if (!sameHeaders || JSON.stringify(sent.body) !== JSON.stringify(built.body) || sent.method !== built.method) {
    throw new Error(`the request builder gave two different requests for cell ${result.id}; a pact needs a deterministic builder`);
  }
}

async function planCells(cells: readonly MatrixCell[], results: readonly CellResult[], provider: NovaProvider, options: GenerateOptions): Promise<InteractionSpec[]> {
  const clients = options.clients ?? CLIENTS;
  await using transport = createUndiciTransport({ connections: 8 });
  const discover = discoveryCache(transport, clients);
  const byId = new Map(results.map((r) => [r.id, r]));
  const specs: InteractionSpec[] = [];
  for (const cell of cells) {
    const result = byId.get(cell.id);
    if (!result?.request) continue; // refused before sending, or never sent: nothing to contract
    const profile = clients.getProfile(cell.profile);
    const endpoint = await provider.endpointFor(cell.target);
    const exampleServerId = standInServerId(cell.scenario.world.server);
    const built = clients.buildLiveMigration(profile, intentFor(cell.scenario, DEFAULT_DESTINATIONS), await discover(profile, endpoint), exampleServerId);
    if (built.kind !== 'request') throw new Error(`the request builder refused cell ${cell.id} although the matrix run sent a request`);
    checkSameRequest(result, built.request);
    specs.push(
      planInteraction({
        consumer: consumerOf(profile),
        provider: providerName(cell.target.id),
        scenario: cell.scenario,
        result,
        request: built.request,
        exampleServerId,
        computePath: COMPUTE_PATH,
        pending: pendingReason(cell.id, result.outcome, options),
        world: STATE_WORLD,
      }),
    );
  }
  return specs;
}

/** Groups by pact file, both levels in a stable order. */
function byPact(specs: readonly InteractionSpec[]): InteractionSpec[][] {
  const groups = groupBy(specs, (spec) => `${spec.consumer}\u0000${spec.provider}`);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, list]) => list.sort((a, b) => (a.description < b.description ? -1 : 1)));
}

/** The pact files Pact wrote into `scratch`, by `consumer\0provider`. */
async function pactFilesIn(scratch: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of (await readdir(scratch)).filter((f) => f.endsWith('.json')).sort()) {
    const pact = JSON.parse(await readFile(join(scratch, file), 'utf8')) as { consumer: { name: string }; provider: { name: string } };
    files.set(`${pact.consumer.name}\u0000${pact.provider.name}`, file);
  }
  return files;
}

/** Moves the new pact files over `outDir` and removes pact files no longer generated. */
async function replaceJsonFiles(scratch: string, files: readonly string[], outDir: string): Promise<void> {
  for (const file of files) await rename(join(scratch, file), join(outDir, file));
  const keep = new Set(files);
  for (const file of await readdir(outDir)) {
    if (file.endsWith('.json') && !keep.has(file)) await rm(join(outDir, file));
  }
}

/** Runs the contract subset and writes its pacts; see the module comment. */
export async function generatePacts(options: GenerateOptions): Promise<GenerateSummary> {
  const { expanded, hash } = await prepareMatrix(options.matrixPath);
  const cells = selectContractCells(expanded);
  const targetIds = new Set(cells.map((c) => c.target.id));
  const subset = { ...expanded, cells, targets: expanded.targets.filter((t) => targetIds.has(t.id)) };

  const t0 = performance.now();
  // Over HTTP: the discovery below reaches the provider's endpoints with its own HTTP client.
  const provider = await openProvider({ kind: 'emulator', overHttp: true });
  let specs: InteractionSpec[];
  try {
    const result = await executeMatrix({ expanded: subset, hash, provider, ...(options.clients ? { clients: options.clients } : {}) });
    specs = await planCells(cells, result.cells, provider, options);
  } finally {
    await provider[Symbol.asyncDispose]();
  }
  const matrixMs = performance.now() - t0;

  const t1 = performance.now();
  await mkdir(options.outDir, { recursive: true });
  const scratch = await mkdtemp(join(options.outDir, '.generating-'));
  let retries = 0;
  try {
    const groups = byPact(specs);
    await mapConcurrent(groups, options.concurrency ?? 4, async (group) => {
      for (const spec of group) retries += (await writeInteraction(spec, scratch)).attempts - 1;
    });
    const written = await pactFilesIn(scratch);
    const files = groups.map((group) => {
      const file = written.get(`${group[0]!.consumer}\u0000${group[0]!.provider}`);
      if (!file) throw new Error(`Pact wrote no pact file for ${group[0]!.consumer} → ${group[0]!.provider}`);
      return file;
    });
    await replaceJsonFiles(scratch, files, options.outDir);
    const pacts = groups.map((group, i): PactFileSummary => ({
      file: join(options.outDir, files[i]!),
      consumer: group[0]!.consumer,
      provider: group[0]!.provider,
      interactions: group.length,
      pending: group.filter((s) => s.pending).length,
    }));
    return { pacts, cells: cells.length, interactions: specs.length, withoutRequest: cells.length - specs.length, retries, matrixMs, writeMs: performance.now() - t1 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
