/**
 * What a driven cell amounts to: the driver's answer plus the exchanges the capturing proxy
 * saw for the cell's server become the cell's exchange (judged by the usual classifier) and
 * its evidence. And the check of a model profile against the real client's request. Pure.
 */
import type { LiveMigrationIntent, ProfileBuildResult } from '../clients/types.js';
import type { CellExchange } from '../matrix/classify.js';
import { parseBody, redactHeaders, toCellResponse } from '../matrix/evidence.js';
import type { CellRequest, DriverCellEvidence } from '../matrix/result.js';
import type { CapturedExchange } from './capture-proxy.js';
import type { DriverOutcome } from './driver-process.js';
import { refusalText, type DriverIntent } from './protocol.js';

/** The runner's intent in the protocol's words. */
export function toDriverIntent(intent: LiveMigrationIntent): DriverIntent {
  return {
    host: intent.host,
    blockMigration: intent.blockMigration,
    diskOverCommit: intent.diskOverCommit,
    ...(intent.force === undefined ? {} : { force: intent.force }),
  };
}

const ACTION_PATH = /\/servers\/[^/]+\/action$/;
/** Headers that only describe the connection (they change with the proxy's port). */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function isMigrateLive(exchange: CapturedExchange): boolean {
  if (exchange.request.method !== 'POST' || !ACTION_PATH.test(exchange.request.path)) return false;
  const body = parseBody(exchange.request.body);
  return body !== null && typeof body === 'object' && 'os-migrateLive' in (body as object);
}

/** A captured request as cell evidence: lower-case headers, token redacted, connection headers dropped. */
export function toCellRequest(exchange: CapturedExchange): CellRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.request.headers)) if (!CONNECTION_HEADERS.has(name)) headers[name] = value;
  return { method: exchange.request.method, path: exchange.request.path, headers: redactHeaders(headers), body: parseBody(exchange.request.body) };
}

export interface DrivenCell {
  readonly exchange: CellExchange;
  readonly evidence: DriverCellEvidence;
}

/**
 * Judges what happened: the os-migrateLive the client sent (the last one, if it sent more)
 * with Nova's answer; nothing sent and an exception → the client refused, unless Nova had just
 * refused another request of the client's (then that answer); a driver failure → an error
 * naming the reason, with whatever was sent kept as evidence.
 */
export function judgeDrivenCell(outcome: DriverOutcome, captured: readonly CapturedExchange[], driverName: string): DrivenCell {
  const actions = captured.filter(isMigrateLive);
  const sent = actions[actions.length - 1];
  const request = sent ? toCellRequest(sent) : null;
  const base = { pid: outcome.pid, exchanges: captured.length };
  if (outcome.kind === 'failed') {
    return {
      exchange: { kind: 'transport-error', request, message: `${driverName}: ${outcome.reason}`, source: 'driver' },
      evidence: { ...base, answer: 'failed', reason: outcome.reason },
    };
  }
  const { answer } = outcome;
  if (answer.kind === 'error') {
    return {
      exchange: { kind: 'transport-error', request, message: `${driverName} could not run the call: ${answer.reason}`, source: 'driver' },
      evidence: { ...base, answer: 'error', reason: answer.reason },
    };
  }
  const warnings = answer.kind === 'raised' ? answer.warnings : (answer.done['warnings'] as string[] | undefined);
  const evidence: DriverCellEvidence = {
    ...base,
    answer: answer.kind,
    ...(answer.kind === 'raised' ? { raised: refusalText(answer) } : {}),
    ...(Array.isArray(warnings) && warnings.length > 0 ? { warnings } : {}),
  };
  if (sent && request) {
    if (sent.response === null) {
      return { exchange: { kind: 'transport-error', request, message: sent.error ?? 'no answer from Nova' }, evidence };
    }
    const response = toCellResponse({ status: sent.response.status, headers: sent.response.headers, body: sent.response.body });
    return { exchange: { kind: 'response', request, response }, evidence };
  }
  if (answer.kind === 'raised') {
    // The client stopped because Nova refused an earlier call of its own (e.g. the server
    // look-up at a microversion the server does not offer): that answer is the cell's.
    const last = captured[captured.length - 1];
    if (last && (last.response === null || last.response.status >= 400)) {
      const failedRequest = toCellRequest(last);
      if (last.response === null) return { exchange: { kind: 'transport-error', request: failedRequest, message: last.error ?? 'no answer from Nova' }, evidence };
      return { exchange: { kind: 'response', request: failedRequest, response: toCellResponse(last.response) }, evidence };
    }
    return { exchange: { kind: 'refused', message: refusalText(answer) }, evidence };
  }
  return {
    exchange: { kind: 'transport-error', request: null, message: `${driverName}: the client returned without sending an os-migrateLive request`, source: 'driver' },
    evidence,
  };
}

const COMPARED_HEADERS = ['content-type', 'openstack-api-version', 'x-openstack-nova-api-version'];

/** The parts of a request a model must reproduce: method, path below the endpoint, microversion headers, body. */
function comparable(method: string, path: string, headers: Readonly<Record<string, string>>, body: unknown): string {
  const picked: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) if (headers[name] !== undefined) picked[name] = headers[name].split(';')[0]!.trim();
  return JSON.stringify({ method, path, headers: picked, body });
}

/**
 * The model's build for a cell against what the real client did: `null` when they agree
 * (same request, or both refused with the same text), else one line saying how they differ.
 * `endpointPath` is the compute endpoint's path (`/@zed/v2.1`), which the model leaves out.
 */
export function modelDifference(built: ProfileBuildResult, exchange: CellExchange, endpointPath: string): string | null {
  if (exchange.kind === 'transport-error' && exchange.request === null) return null; // nothing to compare
  const real = exchange.kind === 'refused' ? { refused: exchange.message } : exchange.request;
  if (built.kind === 'refused') {
    if ('refused' in (real ?? {}) && (real as { refused: string }).refused === built.message) return null;
    return `the model refuses (${built.message}) but the client ${'refused' in (real ?? {}) ? `refused with ${(real as { refused: string }).refused}` : 'sent a request'}`;
  }
  if (real === null || 'refused' in real) return `the model sends a request but the client refused: ${(real as { refused: string } | null)?.refused ?? 'nothing sent'}`;
  const request = real;
  const path = request.path.startsWith(endpointPath) ? request.path.slice(endpointPath.length) : request.path;
  if (request.method !== built.request.method || !ACTION_PATH.test(path)) {
    const status = exchange.kind === 'response' ? String(exchange.response.status) : 'no answer';
    return `the client sent no os-migrateLive: it stopped after its own ${request.method} ${path} (${status}), which the model does not make`;
  }
  const model = comparable(built.request.method, built.request.path, built.request.headers, built.request.body);
  const client = comparable(request.method, path, request.headers, request.body);
  return model === client ? null : `model ${model} ≠ client ${client}`;
}
