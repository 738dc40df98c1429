/**
 * Writes interactions with the Pact library itself (PactV4): each {@link InteractionSpec} is
 * declared with the V4 DSL, then its request is sent — the exact bytes the client builds —
 * through Pact's mock server, which checks it against the declaration and, on success, writes
 * (merges) the interaction into `<dir>/<consumer>-<provider>.json`. The pact file is the
 * library's output; nothing here writes pact JSON.
 *
 * One PactV4 object per interaction: a PactV4 object re-writes every interaction it holds on
 * each test, so many interactions through one object is quadratic (see docs/pact.md).
 */
import { request } from 'undici';
import { VERDICT_COMMENT_KEY, type InteractionSpec } from './interaction-spec.js';

type PactModule = typeof import('@pact-foundation/pact');

/** pact-js #1835 / pact-reference #535: the mock server reports a request it did receive as missing. */
export const MISSING_REQUEST_RACE = 'The following request was expected but not received';

export interface WriteResult {
  /** 1 unless the #1835 race forced a retry. */
  readonly attempts: number;
}

const JSON_CONTENT_TYPE = 'application/json';

let pactModule: Promise<PactModule> | undefined;

/** Loads @pact-foundation/pact once (lazily: commands that write no pacts never pay for it). */
export function loadPact(): Promise<PactModule> {
  process.env['PACT_DO_NOT_TRACK'] ??= 'true';
  pactModule ??= import('@pact-foundation/pact');
  return pactModule;
}

async function sendThroughMock(spec: InteractionSpec, mockUrl: string): Promise<void> {
  const headers: Record<string, string> = { ...spec.request.headers };
  for (const [name, value] of Object.entries(spec.request.stateHeaders)) headers[name] = value.example;
  const response = await request(`${mockUrl}${spec.request.path.example}`, {
    method: spec.request.method as 'POST',
    headers,
    ...(spec.request.bodyText === undefined ? {} : { body: spec.request.bodyText }),
  });
  await response.body.text();
}

/**
 * The request headers to declare. `jsonBody` declares `Content-Type: application/json` itself;
 * the client's own `content-type` with that value is the same header (names are
 * case-insensitive), so it is not declared twice.
 */
function declaredHeaders(spec: InteractionSpec): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(spec.request.headers)) {
    if (spec.request.bodyText !== undefined && name.toLowerCase() === 'content-type' && value === JSON_CONTENT_TYPE) continue;
    headers[name] = value;
  }
  return headers;
}

async function writeOnce(pact: PactModule, spec: InteractionSpec, dir: string): Promise<void> {
  const { PactV4, MatchersV3 } = pact;
  const { fromProviderState, matchStatus, regex } = MatchersV3;
  const v4 = new PactV4({ consumer: spec.consumer, provider: spec.provider, dir, logLevel: 'error' });
  let interaction = v4.addInteraction();
  for (const state of spec.states) interaction = interaction.given(state.name, { ...state.params });
  interaction = interaction.uponReceiving(spec.description).pending(spec.pending);
  for (const comment of spec.comments) interaction = interaction.comment(comment);
  interaction = interaction.comment({ key: VERDICT_COMMENT_KEY, value: spec.matrixVerdict });
  const { response } = spec;
  await interaction
    .withRequest(spec.request.method, fromProviderState(spec.request.path.expression, spec.request.path.example), (builder) => {
      const headers: Record<string, unknown> = declaredHeaders(spec);
      for (const [name, value] of Object.entries(spec.request.stateHeaders)) headers[name] = fromProviderState(value.expression, value.example);
      builder.headers(headers as Parameters<typeof builder.headers>[0]);
      if (spec.request.bodyText !== undefined) builder.jsonBody(JSON.parse(spec.request.bodyText));
    })
    .willRespondWith(response.statuses ? matchStatus(response.status, [...response.statuses]) : response.status, (builder) => {
      if (Object.keys(response.headers).length > 0) builder.headers({ ...response.headers });
      if (response.fault) {
        const { key, code, message } = response.fault;
        builder.jsonBody({ [key]: { code, message: regex(message.regex, message.example) } });
      }
    })
    .executeTest(async (mock) => sendThroughMock(spec, mock.url));
}

/**
 * Declares `spec`, sends its request through a Pact mock server and lets Pact merge it into
 * the pact file in `dir`. Retries only on the #1835 race message; any other mismatch is a bug
 * (the request sent is the one declared) and is thrown.
 */
export async function writeInteraction(spec: InteractionSpec, dir: string, maxAttempts = 3): Promise<WriteResult> {
  const pact = await loadPact();
  for (let attempt = 1; ; attempt++) {
    try {
      await writeOnce(pact, spec, dir);
      return { attempts: attempt };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= maxAttempts || !message.includes(MISSING_REQUEST_RACE)) {
        throw new Error(`Pact rejected the interaction '${spec.description}' (${spec.consumer} → ${spec.provider}): ${message}`, { cause: error });
      }
    }
  }
}
