/**
 * Classification: one outcome per cell with a one-line explanation citing the microversion
 * change responsible. The single judge shared by the runner, the reports and the contracts.
 * "What Nova does" comes from the model (`interpretMigrateLive`) applied to the request actually
 * sent, at the microversion that took effect — so emulated, recorded and real answers are
 * judged by the same rules. Pure.
 */
import { compareMicroversions, formatMicroversion, mv } from '../microversion/version.js';
import type { InterpretMigrateLive, MigrateLiveAction } from '../nova/contract.js';
import type { NovaTarget } from '../nova/target.js';
import { BAND_CITES, CITES, citeFault } from './citations.js';
import type { ExpectedHostHandling, Scenario } from './definition.js';
import { effectiveMicroversion } from './effective-microversion.js';
import type { CellRequest, CellResponse, MigrationOutcome, Outcome } from './result.js';

/** What happened on the wire for one cell. */
export type CellExchange =
  | { readonly kind: 'refused'; readonly message: string }
  /** Transport failure, timeout, or a client step (discovery, server creation) that failed. */
  | { readonly kind: 'transport-error'; readonly request: CellRequest | null; readonly message: string; readonly source?: 'driver' | 'provider' }
  | { readonly kind: 'response'; readonly request: CellRequest; readonly response: CellResponse };

export interface ClassifyInput {
  readonly profile: string;
  readonly scenario: Scenario;
  readonly target: NovaTarget;
  /** The concrete destination the intent named (`null` for auto). */
  readonly host: string | null;
  /** The cell's server: shown as `<server>` in explanations, so they do not depend on scheduling. */
  readonly serverId?: string;
  readonly exchange: CellExchange;
  /**
   * After an accepted request whose pre-checks run asynchronously (2.34+): the server's newest
   * live-migration record (`null`: Nova shows none, e.g. a real Nova with no conductor).
   * Absent when it was not read.
   */
  readonly migration?: MigrationOutcome | null;
}

/** Migration statuses that mean the live migration did not happen. */
const FAILED_MIGRATION_STATUSES: ReadonlySet<string> = new Set(['error', 'failed', 'cancelled']);

export interface Classification {
  readonly outcome: Outcome;
  readonly explanation: string;
  readonly effectiveMicroversion: string | null;
}

const MV_2_30 = mv('2.30');

/** The fault message of a Nova error body, or the raw text. */
export function faultMessage(body: unknown): string {
  if (body && typeof body === 'object') {
    const inner = Object.values(body as Record<string, unknown>)[0];
    if (inner && typeof inner === 'object' && typeof (inner as { message?: unknown }).message === 'string') {
      return (inner as { message: string }).message;
    }
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/**
 * What the user expects Nova to do with the destination. A named host means "check it" where
 * the target can (max ≥ 2.30); below that, forcing is the only meaning Nova has.
 */
export function expectedHostHandling(scenario: Scenario, target: NovaTarget): ExpectedHostHandling {
  if (scenario.expect.hostHandling) return scenario.expect.hostHandling;
  if (scenario.intent.host === 'auto') return 'scheduler';
  if (scenario.intent.force === true) return 'forced';
  return compareMicroversions(target.maxMicroversion, MV_2_30) >= 0 ? 'scheduler-verified' : 'forced';
}

interface Finding {
  readonly severity: 'drift' | 'degraded';
  readonly text: string;
}

function hostFindings(input: ClassifyInput, action: MigrateLiveAction, expected: ExpectedHostHandling): Finding[] {
  const { scenario } = input;
  const findings: Finding[] = [];
  const forceWithoutAsking = action.force === true && scenario.intent.force !== true;
  if (forceWithoutAsking) {
    const why = scenario.intent.diskOverCommit === true
      ? `Disk Over Commit arrived as force=true (${CITES.mv2_30Force}; ${input.profile.startsWith('horizon') ? CITES.positionalShift : 'positional argument shift'})`
      : `force=true was sent although the user did not ask for it (${CITES.mv2_30Force})`;
    findings.push({ severity: 'drift', text: why });
  }
  if ((action.host ?? null) !== input.host) {
    findings.push({ severity: 'drift', text: `Nova was given host ${JSON.stringify(action.host)} instead of ${JSON.stringify(input.host)}` });
  }
  if (action.hostHandling !== expected && input.host !== null) {
    if (expected === 'scheduler-verified' && action.hostHandling === 'forced' && !forceWithoutAsking) {
      findings.push({
        severity: 'drift',
        text: `named host ${input.host} was forced (scheduler bypassed): the request ran at ${formatMicroversion(action.microversion)}, below 2.30, although this Nova could verify it (${CITES.mv2_30})`,
      });
    } else if (expected === 'forced' && action.hostHandling === 'scheduler-verified') {
      findings.push({ severity: 'drift', text: `named host ${input.host} was checked by the scheduler instead of forced (${CITES.mv2_30}; ${CITES.mv2_68})` });
    } else if (!forceWithoutAsking) {
      findings.push({ severity: 'drift', text: `host handled as ${action.hostHandling}, expected ${expected} (${CITES.mv2_30})` });
    }
  }
  return findings;
}

function optionFindings(input: ClassifyInput, action: MigrateLiveAction): Finding[] {
  const { intent } = input.scenario;
  const findings: Finding[] = [];
  // Left at the client's default ('default'), whatever the client sends is what the user
  // accepted; whether it suits the storage shows in Nova's answer (the pre-checks).
  if (intent.blockMigration === 'auto') {
    if (action.blockMigration !== 'auto') {
      findings.push({ severity: 'degraded', text: `block_migration "auto" does not exist at ${formatMicroversion(action.microversion)}; sent as ${String(action.blockMigration)} (2.25 added "auto")` });
    }
  } else if (intent.blockMigration !== 'default' && action.blockMigration !== intent.blockMigration) {
    findings.push({ severity: 'drift', text: `block_migration ${JSON.stringify(action.blockMigration)} applied although the user chose ${String(intent.blockMigration)}` });
  }
  if (intent.diskOverCommit === true) {
    if (action.diskOverCommit === null) {
      findings.push({ severity: 'degraded', text: `Disk Over Commit was dropped: ${CITES.mv2_25}` });
    } else if (action.diskOverCommit === false) {
      findings.push({ severity: 'drift', text: `Disk Over Commit was not applied although ${formatMicroversion(action.microversion)} supports it (${BAND_CITES['2.1']})` });
    }
  } else if (action.diskOverCommit === true) {
    findings.push({ severity: 'drift', text: `disk over-commit applied although the user did not ask for it (${BAND_CITES['2.1']})` });
  }
  return findings;
}

function judgeAccepted(input: ClassifyInput, action: MigrateLiveAction, at: string): Classification {
  const expected = expectedHostHandling(input.scenario, input.target);
  const findings = [...hostFindings(input, action, expected), ...optionFindings(input, action)];
  const drift = findings.filter((f) => f.severity === 'drift');
  if (drift.length > 0) return { outcome: 'drift', explanation: `accepted at ${at} but ${drift.map((f) => f.text).join('; ')}`, effectiveMicroversion: at };
  if (findings.length > 0) {
    return { outcome: 'degraded', explanation: `accepted at ${at} but ${findings.map((f) => f.text).join('; ')}`, effectiveMicroversion: at };
  }
  const where = action.hostHandling === 'scheduler' ? 'scheduler picks the host' : `${action.hostHandling} host ${String(action.host)}`;
  return { outcome: 'pass', explanation: `accepted at ${at}: ${where} as asked (${BAND_CITES[action.band]})`, effectiveMicroversion: at };
}

function statusMatches(input: ClassifyInput, status: number, message: string): boolean {
  const error = input.scenario.expect.error;
  if (!error || !error.status.includes(status)) return false;
  return error.message === undefined || message.includes(error.message);
}

/**
 * Classifies one cell. `interpret` is the Nova model's `interpretMigrateLive`
 * (passed in so this module stays free of the emulator's wiring).
 */
export function classifyCell(input: ClassifyInput, interpret: InterpretMigrateLive): Classification {
  const { exchange, scenario } = input;
  if (exchange.kind === 'refused') {
    return { outcome: 'client-refused', explanation: `client refused before sending: ${oneLine(exchange.message)}`, effectiveMicroversion: null };
  }
  if (exchange.kind === 'transport-error') {
    const what = exchange.source === 'driver' ? 'client driver failure' : exchange.source === 'provider' ? 'no answer from Nova' : 'transport failure';
    return { outcome: 'error', explanation: `${what}: ${oneLine(exchange.message)}`, effectiveMicroversion: null };
  }
  const { request, response } = exchange;
  const effective = effectiveMicroversion(request, response, input.target);
  const at = effective ? formatMicroversion(effective.version) : null;
  const status = response.status;

  if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
    const raw = faultMessage(response.body);
    const message = input.serverId ? raw.split(input.serverId).join('<server>') : raw;
    return { outcome: 'error', explanation: `Nova answered ${status}: ${oneLine(message)}`, effectiveMicroversion: at };
  }
  if (status >= 400) {
    const raw = faultMessage(response.body);
    const message = input.serverId ? raw.split(input.serverId).join('<server>') : raw;
    const cite = citeFault(message);
    const tail = `${oneLine(message)}${cite ? ` (${cite})` : ''}`;
    if (statusMatches(input, status, message)) {
      return { outcome: 'expected-error', explanation: `expected ${status}${at ? ` at ${at}` : ''}: ${tail}`, effectiveMicroversion: at };
    }
    const wanted = scenario.expect.error ? `; the scenario expects ${scenario.expect.error.status.join('/')}` : '';
    return { outcome: 'rejected', explanation: `refused with ${status}${at ? ` at ${at}` : ''}: ${tail}${wanted}`, effectiveMicroversion: at };
  }

  // 2xx: what did Nova do with the body it was sent?
  if (!effective || at === null) {
    return { outcome: 'error', explanation: `accepted (${status}) although no microversion could have taken effect`, effectiveMicroversion: null };
  }
  const interpretation = interpret(request.body, effective.version, { legacyV2: effective.legacyV2, release: input.target.release });
  if (!interpretation.ok) {
    return {
      outcome: 'error',
      explanation: `accepted (${status}) at ${at}, but the Nova model says ${interpretation.fault.status}: ${oneLine(interpretation.fault.message)}`,
      effectiveMicroversion: at,
    };
  }
  const action = interpretation.action;
  const migration = action.asyncPreChecks ? input.migration : undefined;
  const failed = migration != null && FAILED_MIGRATION_STATUSES.has(migration.status) ? migration : undefined;
  if (scenario.expect.error) {
    if (scenario.expect.error.async && action.asyncPreChecks) {
      if (failed) {
        return {
          outcome: 'expected-error',
          explanation: `accepted at ${at}; as expected, migration ${failed.id} then ended in ${failed.status} (${CITES.mv2_34})`,
          effectiveMicroversion: at,
        };
      }
      if (migration === undefined || migration === null) {
        // Nothing to read (e.g. a real Nova without a conductor never creates the record): say so.
        return {
          outcome: 'expected-error',
          explanation: `accepted at ${at}; the expected failure is reported after the 202 (${CITES.mv2_34}), not verified: no migration record could be read`,
          effectiveMicroversion: at,
        };
      }
      return {
        outcome: 'drift',
        explanation: `accepted at ${at} and migration ${migration.id} is ${migration.status}, although the scenario expects a failure (${CITES.mv2_34})`,
        effectiveMicroversion: at,
      };
    }
    return { outcome: 'drift', explanation: `accepted at ${at} although the scenario expects ${scenario.expect.error.status.join('/')} (${BAND_CITES[action.band]})`, effectiveMicroversion: at };
  }
  if (failed) {
    return {
      outcome: 'rejected',
      explanation: `accepted at ${at}, but migration ${failed.id} then ended in ${failed.status}: the pre-checks failed after the 202 (${CITES.mv2_34})`,
      effectiveMicroversion: at,
    };
  }
  return judgeAccepted(input, action, at);
}
