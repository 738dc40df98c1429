/**
 * One matrix run end to end, as the CLI, the tests and the benchmark use it: load and expand
 * the definition, run every cell on a provider, and assemble the `MatrixResult`.
 */
import { getProfile, listProfiles } from '../clients/index.js';
import { interpretMigrateLive } from '../nova/live-migration.js';
import type { NovaProvider } from '../providers/provider.js';
import { VERSION } from '../version.js';
import { formatMicroversion } from '../microversion/version.js';
import { buildLiveMigration, discoverVersionRange } from '../clients/index.js';
import { expandMatrix, type ExpandedMatrix, type ProfileRegistry } from '../matrix/expand.js';
import type { Transport, UndiciTransportOptions } from '../http/http-transport.js';
import type { TransportProvider } from '../providers/emulator/in-process-provider.js';
import { loadMatrixFile } from '../matrix/load-matrix.js';
import type { CellTarget, MatrixResult, ProfileSummary, ScenarioSummary } from '../matrix/result.js';
import type { MatrixDefinition } from '../matrix/definition.js';
import type { NovaTarget } from '../nova/target.js';
import { runMatrix, type ClientsApi, type RunDeps } from './run.js';
import { rememberedBuilds } from './remembered-builds.js';
import type { DrivenProfiles } from '../drivers/driven-profiles.js';
import { withDriverProfiles } from '../matrix/driver-profiles.js';
import type { DriverProfileSpec } from '../clients/driver-profile-id.js';
import { overrideAxes, type AxesOverride } from '../matrix/axes-override.js';

/** The client profiles as expansion sees them. */
export const PROFILE_REGISTRY: ProfileRegistry = {
  ids: listProfiles().map((p) => p.id),
  has(id) {
    try {
      getProfile(id);
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * A profile as the result lists it: the id as the matrix wrote it, its title, client family and
 * release (the reports' release tables are built from these) and the code it models.
 */
export function profileSummary(id: string): ProfileSummary {
  const { title, client, clientVersion, models } = getProfile(id);
  return { id, title, client, clientVersion, models };
}

/** The real request builders. */
export const CLIENTS: ClientsApi = { getProfile, buildLiveMigration: rememberedBuilds(buildLiveMigration), discoverVersionRange };

/**
 * Loads and expands a matrix file, with the axes `override` replaces; throws INVALID_MATRIX
 * (exit 2) before anything runs. `drivers` are the real-client driver profiles among the
 * profiles (docs/drivers.md): their cells carry the driver's name.
 */
export async function prepareMatrix(
  path: string,
  displayName = path,
  override: AxesOverride = {},
): Promise<{ expanded: ExpandedMatrix; hash: string; drivers: DriverProfileSpec[] }> {
  const { definition, hash } = await loadMatrixFile(path, displayName);
  const { definition: named, specs } = withDriverProfiles(overrideAxes(definition, override));
  const names = new Set(specs.map((s) => s.name));
  const registry: ProfileRegistry = names.size === 0 ? PROFILE_REGISTRY : { ids: PROFILE_REGISTRY.ids, has: (id) => names.has(id) || PROFILE_REGISTRY.has(id) };
  return { expanded: expandMatrix(named, registry), hash, drivers: specs };
}

export interface ExecuteOptions {
  readonly expanded: ExpandedMatrix;
  readonly hash: string;
  readonly provider: NovaProvider;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  /** Injected transport (tests); default undici sized for `concurrency`. */
  readonly transport?: Transport;
  /** Injected request builders (tests that change a profile); default the real ones. */
  readonly clients?: ClientsApi;
  readonly onCellDone?: (done: number, total: number) => void;
  /** Driver profiles of this run (`openDriverCells`), with their entries for `profiles`. */
  readonly driven?: DrivenProfiles & { summary(id: string): ProfileSummary };
  /** Wall clock for the metadata. */
  readonly now?: () => Date;
  /**
   * Streams the cells (`RunDeps.onBlock`, `streamed-cells.ts`): called after each block of
   * `blockRows` rows with the block's cells; the result then holds none.
   */
  readonly onBlock?: RunDeps['onBlock'];
  readonly blockRows?: number;
}

/** Targets as a result's metadata lists them. */
export function resultTargets(targets: readonly NovaTarget[]): CellTarget[] {
  return targets.map((t) => ({ id: t.id, release: t.release.name, maxMicroversion: formatMicroversion(t.maxMicroversion) }));
}

/** A matrix's scenarios as a result lists them. */
export function scenarioSummaries(definition: Pick<MatrixDefinition, 'scenarios'>): ScenarioSummary[] {
  return definition.scenarios.map((s) => ({ id: s.id, title: s.title, intent: s.intent, world: s.world, expect: s.expect }));
}

/** undici is loaded only when a run goes over HTTP. */
async function createUndiciTransport(options: UndiciTransportOptions): Promise<Transport> {
  const { createUndiciTransport: create } = await import('../http/http-transport.js');
  return create(options);
}

/** Runs the expanded matrix on `provider` and builds the result document. */
export async function executeMatrix(options: ExecuteOptions): Promise<MatrixResult> {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 64;
  const started = now();
  // A provider with its own transport (the in-process emulator) is sent to through it.
  const providerTransport = (options.provider as Partial<TransportProvider>).transport;
  const ownTransport = options.transport === undefined && providerTransport === undefined;
  const transport =
    options.transport ??
    providerTransport ??
    (await createUndiciTransport({
      connections: Math.max(1, Math.min(concurrency, 32)),
      pipelining: Math.max(1, Math.ceil(concurrency / 32)),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
    }));
  try {
    const outcome = await runMatrix(options.expanded, {
      provider: options.provider,
      transport,
      clients: options.clients ?? CLIENTS,
      interpret: interpretMigrateLive,
      concurrency,
      ...(options.onCellDone ? { onCellDone: options.onCellDone } : {}),
      ...(options.driven ? { driven: options.driven } : {}),
      ...(options.onBlock ? { onBlock: options.onBlock } : {}),
      ...(options.blockRows === undefined ? {} : { blockRows: options.blockRows }),
    });
    const finished = now();
    const { definition } = options.expanded;
    return {
      schemaVersion: 2,
      metadata: {
        mvmatrixVersion: VERSION,
        matrixFile: definition.file,
        matrixHash: options.hash,
        provider: `${options.provider.kind}: ${options.provider.description}`,
        targets: resultTargets(outcome.targets),
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
        skippedTargets: outcome.skippedTargets,
        cellsPlanned: options.expanded.cells.length,
      },
      profiles: options.expanded.profiles.map((id) => (options.driven?.owns(id) ? options.driven.summary(id) : profileSummary(id))),
      scenarios: scenarioSummaries(definition),
      cells: outcome.cells,
    };
  } finally {
    if (ownTransport) await transport[Symbol.asyncDispose]();
  }
}
