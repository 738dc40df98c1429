/**
 * Driver profiles in a matrix run: one long-lived driver per profile, a capturing proxy in
 * front of the provider, and for every cell the client's own request as captured on the wire.
 * Each cell is also checked against the model profile of the same client version, so a model
 * that drifted from its client shows up. Never throws from `exchange`: a failing driver gives
 * error cells with the reason.
 */
import { buildLiveMigration, discoverVersionRange, getProfile } from '../clients/index.js';
import type { ClientProfile, DiscoveredRange, HttpGet } from '../clients/types.js';
import { ERROR_CODES, MvmError, isMvmError } from '../errors.js';
import type { DriverProfileEvidence, ProfileSummary } from '../matrix/result.js';
import type { DrivenCellInput, DrivenProfiles } from './driven-profiles.js';
import { startCaptureProxy, type CaptureProxy } from './capture-proxy.js';
import { judgeDrivenCell, modelDifference, toDriverIntent } from './driver-exchange.js';
import { DriverSession, type DriverLaunch } from './driver-process.js';
import { driverLaunch } from './launch.js';
import { modelIdFor } from './model-of.js';
import type { DriverProfileSpec } from '../clients/driver-profile-id.js';
import type { DriverHello } from './protocol.js';

export interface DriverCellsOptions {
  /** Deadline per request (the run's `--timeout`). */
  readonly timeoutMs: number;
  /** Deadline for a driver's hello; default max(60 s, 6 × timeoutMs). */
  readonly startTimeoutMs?: number;
  readonly maxRestarts?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** How to start a spec's process (tests start fake drivers); default the shipped Python driver. */
  readonly launch?: (spec: DriverProfileSpec) => DriverLaunch;
}

export interface DriverCells extends DrivenProfiles, AsyncDisposable {
  readonly specs: readonly DriverProfileSpec[];
  /** The profile entry of matrix.json for a driver profile (by the name cells carry). */
  summary(name: string): ProfileSummary;
  /** One line per driver: which code, and the model check (for the run's summary). */
  describe(): string[];
  /** One line per driver whose requests differ from its model's (a model that drifted from its client). */
  modelDrift(): string[];
}

const MAX_EXAMPLES = 5;

interface ModelCheck {
  readonly profile: ClientProfile;
  compared: number;
  differing: number;
  readonly examples: string[];
}

interface Driven {
  readonly spec: DriverProfileSpec;
  /** `workers` processes running the same code; a cell goes to the least busy one. */
  readonly sessions: readonly DriverSession[];
  hello: DriverHello | null;
  failure: string | null;
  model: ModelCheck | { readonly profile: null; readonly reason: string } | undefined;
}

function findModel(spec: DriverProfileSpec, hello: DriverHello): ModelCheck | { profile: null; reason: string } {
  if (spec.model === null) return { profile: null, reason: 'model=none' };
  const id = spec.model ?? modelIdFor(spec.client, spec.options, hello.code.version);
  if (id === null) return { profile: null, reason: `the driver does not know which ${hello.code.project} release it runs` };
  try {
    return { profile: getProfile(id), compared: 0, differing: 0, examples: [] };
  } catch (error) {
    if (spec.model !== undefined) return { profile: null, reason: isMvmError(error) ? error.message : String(error) };
    return { profile: null, reason: `no model profile of ${hello.code.project} ${hello.code.version ?? ''} (${id})` };
  }
}

function title(spec: DriverProfileSpec, hello: DriverHello | null, failure: string | null): string {
  if (!hello) return `${spec.client} driver '${spec.id}' (did not start: ${failure ?? 'unknown'})`;
  const { code } = hello;
  const git = code.git ? ` @ ${code.git.describe ?? code.git.commit.slice(0, 12)}${code.git.dirty && !(code.git.describe ?? '').endsWith('-dirty') ? ' (dirty)' : ''}` : '';
  const where = code.kind === 'checkout' ? `checkout ${code.source ?? code.location}${git}` : `installed, ${hello.python.executable}`;
  return `${code.project} ${code.version ?? '(unknown version)'} — real code (${where}) via ${hello.entrypoint}`;
}

/** What identifies the code a driver loaded: version and the hash of the loaded modules. */
function sameCode(hello: DriverHello): string {
  return `${hello.code.version ?? '?'} ${hello.code.loaded?.sha256 ?? hello.code.location}`;
}

/** The worker with the fewest requests waiting, among those not given up on. */
function leastBusy(sessions: readonly DriverSession[]): DriverSession {
  const alive = sessions.filter((s) => s.stats.gaveUp === null);
  const pool = alive.length > 0 ? alive : sessions;
  return pool.reduce((best, s) => (s.pending < best.pending ? s : best));
}

/** Starts the drivers of `specs` (from `prepareMatrix`) and the capturing proxy. */
export async function openDriverCells(specs: readonly DriverProfileSpec[], options: DriverCellsOptions): Promise<DriverCells> {
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new MvmError(ERROR_CODES.USAGE, `two driver profiles carry the name '${spec.name}'`, { where: spec.id, hint: 'give each a different as=<name>' });
    names.add(spec.name);
  }
  const launch = options.launch ?? ((spec: DriverProfileSpec) => driverLaunch(spec, options.env));
  const launches = specs.map((spec) => Array.from({ length: spec.workers }, () => launch(spec))); // path problems are errors before anything starts
  const startTimeoutMs = options.startTimeoutMs ?? Math.max(60_000, 6 * options.timeoutMs);
  // Half the driver's deadline for each upstream answer: a Nova that hangs shows as the proxy's
  // 502 (an infrastructure failure) before the driver's own deadline blames the client code.
  const proxy: CaptureProxy = await startCaptureProxy({ timeoutMs: Math.max(1, Math.floor(options.timeoutMs / 2)) });
  const driven = new Map<string, Driven>();
  specs.forEach((spec, i) => {
    const sessions = launches[i]!.map(
      (l) =>
        new DriverSession(l, {
          requestTimeoutMs: options.timeoutMs,
          startTimeoutMs,
          ...(options.maxRestarts === undefined ? {} : { maxRestarts: options.maxRestarts }),
        }),
    );
    driven.set(spec.name, { spec, sessions, hello: null, failure: null, model: undefined });
  });
  await Promise.all(
    [...driven.values()].map(async (d) => {
      try {
        const hellos = await Promise.all(d.sessions.map((s) => s.start()));
        d.hello = hellos[0]!;
        const differs = hellos.find((h) => sameCode(h) !== sameCode(d.hello!));
        if (differs) throw new Error(`the workers of ${d.spec.name} loaded different code (${sameCode(d.hello)} and ${sameCode(differs)})`);
        d.model = findModel(d.spec, d.hello);
      } catch (error) {
        d.failure = (error as Error).message;
        d.hello = null;
        await Promise.all(d.sessions.map((s) => s[Symbol.asyncDispose]()));
      }
    }),
  );

  // Discovery for the model check: one GET per URL (the provider's, not the proxy's).
  const gets = new Map<string, Promise<{ status: number; body: string }>>();
  const get: HttpGet = (url) => {
    let pending = gets.get(url);
    if (!pending) {
      pending = fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) }).then(async (r) => ({ status: r.status, body: await r.text() }));
      gets.set(url, pending);
    }
    return pending;
  };
  const discoveries = new Map<string, Promise<DiscoveredRange>>();
  const discover = (profile: ClientProfile, url: string): Promise<DiscoveredRange> => {
    const key = `${profile.discovery} ${url}`;
    let pending = discoveries.get(key);
    if (!pending) {
      pending = discoverVersionRange(profile, url, get);
      discoveries.set(key, pending);
    }
    return pending;
  };

  let counter = 0;
  async function checkModel(d: Driven, input: DrivenCellInput, exchange: Parameters<typeof modelDifference>[1]): Promise<string | undefined> {
    const model = d.model;
    if (!model || model.profile === null) return undefined;
    let difference: string | null;
    try {
      const discovered = await discover(model.profile, input.endpoint.computeUrl);
      const built = buildLiveMigration(model.profile, input.intent, discovered, input.serverId);
      difference = modelDifference(built, exchange, new URL(input.endpoint.computeUrl).pathname.replace(/\/$/, ''));
    } catch (error) {
      difference = `the model could not be built: ${isMvmError(error) ? error.message : String(error)}`;
    }
    model.compared++;
    if (difference === null) return undefined;
    model.differing++;
    if (model.examples.length < MAX_EXAMPLES) model.examples.push(`${input.cell.id}: ${difference}`);
    return difference;
  }

  return {
    specs,
    owns: (profile) => driven.has(profile),
    async exchange(input) {
      const d = driven.get(input.cell.profile)!;
      let endpoint: string;
      try {
        endpoint = await proxy.through(input.endpoint.computeUrl);
      } catch (error) {
        const reason = `the capturing proxy could not start: ${(error as Error).message}`;
        return { exchange: { kind: 'transport-error', request: null, message: reason, source: 'driver' }, evidence: { pid: null, answer: 'failed', reason, exchanges: 0 } };
      }
      const session = d.failure === null ? leastBusy(d.sessions) : null;
      if (session === null) {
        const reason = d.failure ?? 'no driver';
        return { exchange: { kind: 'transport-error', request: null, message: `${d.spec.name}: ${reason}`, source: 'driver' }, evidence: { pid: null, answer: 'failed', reason, exchanges: 0 } };
      }
      const outcome = await session.request({
        id: `c${++counter}`,
        op: 'live-migrate',
        endpoint,
        token: input.token,
        server: input.serverId,
        intent: toDriverIntent(input.intent),
      });
      const judged = judgeDrivenCell(outcome, proxy.take(endpoint, input.serverId), d.spec.name);
      const difference = await checkModel(d, input, judged.exchange);
      return difference === undefined ? judged : { exchange: judged.exchange, evidence: { ...judged.evidence, modelDifference: difference } };
    },
    summary(name) {
      const d = driven.get(name)!;
      const stats = d.sessions.map((s) => s.stats);
      const failure = d.failure ?? stats.find((s) => s.gaveUp !== null)?.gaveUp ?? undefined;
      const model = d.model;
      const evidence: DriverProfileEvidence = {
        spec: d.spec.id,
        entrypoint: d.hello?.entrypoint ?? null,
        code: d.hello ? { ...d.hello.code } : null,
        python: d.hello ? { ...d.hello.python } : null,
        libraries: d.hello?.libraries ?? {},
        processes: stats.reduce((n, s) => n + s.processes, 0),
        ...(failure === undefined ? {} : { failure }),
        ...(model === undefined
          ? {}
          : { model: model.profile === null ? model : { profile: model.profile.id, compared: model.compared, differing: model.differing, examples: [...model.examples] } }),
      };
      return {
        id: name,
        title: title(d.spec, d.hello, d.failure),
        client: d.spec.client,
        ...(d.hello?.code.version ? { clientVersion: d.hello.code.version } : {}),
        driver: evidence,
      };
    },
    describe() {
      return [...driven.values()].map((d) => {
        const head = `${d.spec.name}: ${title(d.spec, d.hello, d.failure)}`;
        const model = d.model;
        if (!model) return head;
        if (model.profile === null) return `${head}; model check: ${model.reason}`;
        const verdict =
          model.differing === 0
            ? `same requests as model ${model.profile.id} in all ${model.compared} cells`
            : d.hello?.code.kind === 'installed'
              ? `MODEL DRIFT: ${model.differing} of ${model.compared} cells differ from model ${model.profile.id} (first: ${model.examples[0] ?? ''})`
              : `${model.differing} of ${model.compared} cells differ from model ${model.profile.id}: the checkout's own changes (first: ${model.examples[0] ?? ''})`;
        return `${head}; ${verdict}`;
      });
    },
    modelDrift() {
      return [...driven.values()].flatMap((d) => {
        const model = d.model;
        // A checkout is code under review: where it differs from its release's model, that is
        // the change (describe() says so); drift is only a released package the model misses.
        if (!model || model.profile === null || model.differing === 0 || d.hello?.code.kind !== 'installed') return [];
        return [`${d.spec.name}: ${model.differing} of ${model.compared} cells differ from model ${model.profile.id}; first: ${model.examples[0] ?? ''}`];
      });
    },
    async [Symbol.asyncDispose]() {
      await Promise.all([...driven.values()].flatMap((d) => d.sessions.map((s) => s[Symbol.asyncDispose]())));
      await proxy[Symbol.asyncDispose]();
    },
  };
}
