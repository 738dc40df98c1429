/**
 * Provider states: the world a cell's request meets, as Pact states with parameters, and what
 * a state-change call asks of a provider. One module for both sides, so the names the pacts
 * carry and the names the state-change endpoint understands cannot drift apart. Pure.
 */
import type { Destination, Scenario } from '../matrix/definition.js';
import type { ProviderStateSpec } from './interaction-spec.js';

export const STATE_SERVER = 'server {template} on {host}';
export const STATE_DESTINATION = 'destination {host} is {kind}';
export const STATE_CALLER = 'caller is {role}';

/** Keys of the values the state-change endpoint returns (used in `fromProviderState`). */
export const STATE_VALUES = { serverId: 'serverId', token: 'token' } as const;

/** What the states need to know about the world: where templates live, which host is which. */
export interface StateWorld {
  templateHost(template: string): string;
  readonly destinations: Readonly<Record<Destination, string>>;
}

/** The provider states of a scenario, in a fixed order: server, destination (named host only), caller. */
export function statesFor(scenario: Scenario, world: StateWorld): ProviderStateSpec[] {
  const { server, destination, caller } = scenario.world;
  const states: ProviderStateSpec[] = [{ name: STATE_SERVER, params: { template: server, host: world.templateHost(server) } }];
  if (scenario.intent.host === 'named') states.push({ name: STATE_DESTINATION, params: { host: world.destinations[destination], kind: destination } });
  states.push({ name: STATE_CALLER, params: { role: caller } });
  return states;
}

/** What one state-change call asks for. */
export type StateChange =
  | { readonly kind: 'create-server'; readonly template: string; readonly host: string }
  | { readonly kind: 'check-destination'; readonly host: string; readonly destination: Destination }
  | { readonly kind: 'token'; readonly role: 'admin' | 'member' }
  /** Teardown: fresh servers per interaction leave nothing to undo. */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'invalid'; readonly message: string };

const DESTINATION_KINDS: readonly string[] = ['healthy', 'unknown', 'pre-checks-fail', 'service-down'];

function param(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Decodes the verifier's state-change body (`{"state", "params", "action"}`, Pact's
 * `providerStatesSetupBody` form) into what to do.
 */
export function decodeStateChange(body: unknown): StateChange {
  if (!body || typeof body !== 'object') return { kind: 'invalid', message: 'state change: expected a JSON object {state, params, action}' };
  const { state, params: rawParams, action } = body as { state?: unknown; params?: unknown; action?: unknown };
  if (action === 'teardown') return { kind: 'nothing' };
  if (action !== undefined && action !== 'setup') return { kind: 'invalid', message: `state change: unknown action ${JSON.stringify(action)}` };
  const params = rawParams && typeof rawParams === 'object' ? (rawParams as Record<string, unknown>) : {};
  switch (state) {
    case STATE_SERVER: {
      const template = param(params, 'template');
      const host = param(params, 'host');
      if (!template || !host) return { kind: 'invalid', message: `state '${STATE_SERVER}' needs the params template and host` };
      return { kind: 'create-server', template, host };
    }
    case STATE_DESTINATION: {
      const host = param(params, 'host');
      const kind = param(params, 'kind');
      if (!host || !kind || !DESTINATION_KINDS.includes(kind)) {
        return { kind: 'invalid', message: `state '${STATE_DESTINATION}' needs a host and a kind (${DESTINATION_KINDS.join(', ')})` };
      }
      return { kind: 'check-destination', host, destination: kind as Destination };
    }
    case STATE_CALLER: {
      const role = param(params, 'role');
      if (role !== 'admin' && role !== 'member') return { kind: 'invalid', message: `state '${STATE_CALLER}' needs role admin or member` };
      return { kind: 'token', role };
    }
    default:
      return { kind: 'invalid', message: `unknown provider state ${JSON.stringify(state)} (known: '${STATE_SERVER}', '${STATE_DESTINATION}', '${STATE_CALLER}')` };
  }
}
