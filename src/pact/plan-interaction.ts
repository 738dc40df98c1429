/**
 * One contract cell → one {@link InteractionSpec}: the request exactly as the profile's
 * builder made it (with an example server id in the path, which the provider state replaces),
 * the token as a provider-state value (never a credential in the pact), the provider states,
 * what the consumer relies on in the answer, and whether it is pending. Pure.
 */
import type { BuiltRequest } from '../clients/types.js';
import type { Scenario } from '../matrix/definition.js';
import type { CellResult } from '../matrix/result.js';
import { expectedResponse } from './expectation.js';
import type { InteractionSpec } from './interaction-spec.js';
import { STATE_VALUES, statesFor, type StateWorld } from './provider-states.js';

/** What a pact holds instead of an `X-Auth-Token`: the verifier puts the provider's token there. */
export const TOKEN_PLACEHOLDER = '<redacted>';
export const TOKEN_HEADER = 'x-auth-token';
/** The runner sends this with every request (see `src/run/run-cell.ts`). */
export const ACCEPT_HEADERS: Readonly<Record<string, string>> = { accept: 'application/json' };

export interface PlanInput {
  readonly consumer: string;
  readonly provider: string;
  readonly scenario: Scenario;
  /** The cell as the matrix ran it on the emulator: outcome, explanation, answer. */
  readonly result: CellResult;
  /** The builder's request for the cell, made with {@link PlanInput.exampleServerId}. */
  readonly request: BuiltRequest;
  readonly exampleServerId: string;
  /** Path of the compute endpoint below the provider's base URL: `/v2.1`. */
  readonly computePath: string;
  /** Why the interaction is pending (`pending.ts`), or null. */
  readonly pending: string | null;
  readonly world: StateWorld;
}

export function planInteraction(input: PlanInput): InteractionSpec {
  const { request, result, exampleServerId } = input;
  const path = `${input.computePath}${request.path}`;
  const expectation = expectedResponse(result, input.scenario, exampleServerId);
  // Migration record ids depend on the order the runner's cells reached the emulator.
  const explanation = result.explanation.replace(/\bmigration \d+\b/g, 'migration <id>');
  const comments = [`mvmatrix verdict on the emulator: ${result.outcome}: ${explanation}`];
  if (expectation.source === 'scenario') {
    comments.push(`expected response: what the scenario expects (the emulator answered ${result.response ? result.response.status : 'nothing'})`);
  }
  if (input.pending !== null) comments.push(`pending: ${input.pending}`);
  return {
    consumer: input.consumer,
    provider: input.provider,
    description: result.id,
    states: statesFor(input.scenario, input.world),
    request: {
      method: request.method,
      path: { expression: path.split(exampleServerId).join(`\${${STATE_VALUES.serverId}}`), example: path },
      headers: { ...ACCEPT_HEADERS, ...request.headers },
      stateHeaders: { [TOKEN_HEADER]: { expression: `\${${STATE_VALUES.token}}`, example: TOKEN_PLACEHOLDER } },
      ...(request.body === undefined ? {} : { bodyText: JSON.stringify(request.body) }),
    },
    response: expectation.response,
    pending: input.pending !== null,
    comments,
    matrixVerdict: result.outcome,
  };
}
