/**
 * One matrix cell: build the client's request, send it, read the migration record back where
 * Nova decides after the 202 (2.34+), and classify what happened.
 */
import type { ClientProfile, DiscoveredRange, LiveMigrationIntent } from '../clients/types.js';
import { isMvmError } from '../errors.js';
import { formatMicroversion } from '../microversion/version.js';
import type { NovaEndpoint, ProvisionedServer } from '../providers/provider.js';
import { classifyCell, type CellExchange } from '../matrix/classify.js';
import { redactCell, redactHeaders, toCellResponse } from '../matrix/evidence.js';
import type { MatrixCell } from '../matrix/expand.js';
import { needsMigrationReadBack, readMigrationOutcome } from '../matrix/migration-outcome.js';
import type { CellRequest, CellResult, DriverCellEvidence, MigrationOutcome } from '../matrix/result.js';
import type { RunDeps } from './run.js';

/** A cell after discovery: what the runner will send, or why it will not. */
export interface CellPlan {
  readonly cell: MatrixCell;
  readonly endpoint: NovaEndpoint;
  readonly intent: LiveMigrationIntent;
  readonly profile: ClientProfile | null;
  readonly discovered: DiscoveredRange | null;
  /** What the client raised instead of building a request. */
  readonly refusal: string | null;
  /** Discovery or profile failure. */
  readonly failure: string | null;
  /** The profile is run by a real client driver (`deps.driven`), not built by a model. */
  readonly driven?: boolean;
}

/** The fresh server made for a cell, or why it could not be made. */
export type ServerSlot = { readonly server: ProvisionedServer } | { readonly error: string } | null;

export function messageOf(error: unknown): string {
  if (isMvmError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Sends one planned cell's request (if any) and classifies what happened. */
export async function runCell(plan: CellPlan, slot: ServerSlot | undefined, deps: RunDeps): Promise<CellResult> {
  const { cell, endpoint, intent } = plan;
  const { scenario } = cell;
  const started = performance.now();
  let exchange: CellExchange;
  let request: CellRequest | null = null;
  let migration: MigrationOutcome | null | undefined;
  let driver: DriverCellEvidence | undefined;
  const serverId = slot && 'server' in slot ? slot.server.id : undefined;
  if (plan.failure !== null) {
    exchange = { kind: 'transport-error', request: null, message: plan.failure };
  } else if (plan.refusal !== null) {
    exchange = { kind: 'refused', message: plan.refusal };
  } else if (!slot || 'error' in slot) {
    exchange = { kind: 'transport-error', request: null, message: `could not create a '${scenario.world.server}' server: ${slot ? slot.error : 'none planned'}` };
  } else if (plan.driven && deps.driven) {
    const driven = await deps.driven.exchange({ cell, endpoint, intent, serverId: slot.server.id, token: deps.provider.token(scenario.world.caller) });
    exchange = driven.exchange;
    driver = driven.evidence;
    request = exchange.kind === 'refused' ? null : exchange.request;
    try {
      migration = await readBackIfNeeded(exchange, plan, slot.server.id, deps);
    } catch (error) {
      exchange = { kind: 'transport-error', request, message: messageOf(error) };
    }
  } else {
    const built = deps.clients.buildLiveMigration(plan.profile!, intent, plan.discovered!, slot.server.id);
    if (built.kind === 'refused') {
      exchange = { kind: 'refused', message: built.message };
    } else {
      const token = deps.provider.token(scenario.world.caller);
      const headers: Record<string, string> = { accept: 'application/json', ...built.request.headers, 'x-auth-token': token };
      const url = `${endpoint.computeUrl}${built.request.path}`;
      request = { method: built.request.method, path: pathOf(url), headers: evidenceHeaders(built.request.headers, token, headers), body: built.request.body };
      try {
        const response = await deps.transport.send({
          method: built.request.method,
          url,
          headers,
          ...(built.request.body === undefined ? {} : { body: JSON.stringify(built.request.body) }),
        });
        const answer = toCellResponse(response);
        const notNovas = deps.provider.notNovasAnswer?.(answer);
        exchange = notNovas === undefined ? { kind: 'response', request, response: answer } : { kind: 'transport-error', request, message: notNovas, source: 'provider' };
        // A read-back that fails is a failed cell (the 202 alone does not say what Nova did).
        migration = await readBackIfNeeded(exchange, plan, slot.server.id, deps);
      } catch (error) {
        exchange = { kind: 'transport-error', request, message: messageOf(error) };
      }
    }
  }
  const verdict = classifyCell(
    {
      profile: cell.profile,
      scenario,
      target: cell.target,
      host: intent.host,
      exchange,
      ...(serverId === undefined ? {} : { serverId }),
      ...(migration === undefined ? {} : { migration }),
    },
    deps.interpret,
  );
  const result: CellResult = {
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
    ...(migration === undefined ? {} : { migration }),
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    ...(driver === undefined ? {} : { driver }),
  };
  return deps.redactor ? redactCell(result, deps.redactor) : result;
}

/**
 * The sent headers as a cell's evidence (`sent`, credentials redacted). A remembered build's
 * header set is frozen and handed to every cell that shares the build: those cells then share
 * one redacted copy per token too (so matrix.json's encoder, which numbers header sets by
 * object first, meets it once).
 */
const REDACTED_BY_BUILD = new WeakMap<object, Map<string, Readonly<Record<string, string>>>>();
function evidenceHeaders(built: Readonly<Record<string, string>>, token: string, sent: Record<string, string>): Readonly<Record<string, string>> {
  if (!Object.isFrozen(built)) return redactHeaders(sent);
  let byToken = REDACTED_BY_BUILD.get(built);
  if (!byToken) REDACTED_BY_BUILD.set(built, (byToken = new Map()));
  let redacted = byToken.get(token);
  if (!redacted) byToken.set(token, (redacted = Object.freeze(redactHeaders(sent))));
  return redacted;
}

/** From 2.34 an accepted request's pre-checks run after the 202: settle, then read the migration record back. */
async function readBackIfNeeded(exchange: CellExchange, plan: CellPlan, serverId: string, deps: RunDeps): Promise<MigrationOutcome | null | undefined> {
  if (exchange.kind !== 'response' || deps.provider.readsMigrationRecords === false) return undefined;
  if (!needsMigrationReadBack(exchange.request, exchange.response, plan.cell.target)) return undefined;
  // A Nova whose migrations really run (the real Nova's full mode) takes them to their end
  // first; a settle that fails fails the cell like a failed read-back (never read half-way).
  if (deps.provider.settle) await deps.provider.settle(plan.endpoint, serverId);
  return readMigrationOutcome(deps.transport, plan.endpoint.computeUrl, serverId, deps.provider.token('admin'));
}

/** The path of an absolute URL, without the query. */
function pathOf(url: string): string {
  const afterScheme = url.indexOf('//');
  const slash = url.indexOf('/', afterScheme + 2);
  if (slash < 0) return '/';
  const query = url.indexOf('?', slash);
  return query < 0 ? url.slice(slash) : url.slice(slash, query);
}
