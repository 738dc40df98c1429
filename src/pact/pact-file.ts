/**
 * Reading a pact file (the Pact library's V4 JSON) into what verification and can-i-deploy
 * need: names, and per interaction its description, pending flag, provider states, request
 * and expected status. Pure: the caller reads the file.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { VERDICT_COMMENT_KEY } from './interaction-spec.js';

export interface PactInteraction {
  readonly description: string;
  readonly pending: boolean;
  readonly states: readonly { readonly name: string; readonly params: Readonly<Record<string, unknown>> }[];
  readonly request: {
    readonly method: string;
    /** The path as the verifier sends it, with `${serverId}` where the provider state's server id goes (or the literal path). */
    readonly path?: string;
    readonly headers: Readonly<Record<string, string>>;
    /** The JSON body value, undefined when none. */
    readonly body?: unknown;
  };
  readonly expectedStatus: number;
  /** The matrix outcome the pact records (`mvmatrix-verdict` comment), if any. */
  readonly matrixVerdict?: string;
}

export interface PactFile {
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: readonly PactInteraction[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function bad(file: string, pointer: string, message: string): MvmError {
  return new MvmError(ERROR_CODES.INVALID_INPUT, `not a Pact V4 file: ${message}`, {
    where: `${file}#${pointer}`,
    hint: 'regenerate the pacts with `mvmatrix pact`',
  });
}

function headersOf(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!isObject(raw)) return headers;
  for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return headers;
}

function pathOf(request: Json): { path?: string } {
  const generated = isObject(request['generators']) && isObject(request['generators']['path']) ? request['generators']['path']['expression'] : undefined;
  const path = typeof generated === 'string' ? generated : request['path'];
  return typeof path === 'string' ? { path } : {};
}

/** Parses a pact file's text; a wrong shape is INVALID_INPUT naming the file and pointer. */
export function parsePactFile(text: string, file: string): PactFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw bad(file, '', `not JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw bad(file, '', 'expected an object');
  const consumer = isObject(data['consumer']) ? data['consumer']['name'] : undefined;
  const provider = isObject(data['provider']) ? data['provider']['name'] : undefined;
  if (typeof consumer !== 'string') throw bad(file, '/consumer/name', 'missing');
  if (typeof provider !== 'string') throw bad(file, '/provider/name', 'missing');
  if (!Array.isArray(data['interactions'])) throw bad(file, '/interactions', 'expected a list');
  const interactions = data['interactions'].map((raw: unknown, i): PactInteraction => {
    const at = `/interactions/${i}`;
    if (!isObject(raw) || typeof raw['description'] !== 'string') throw bad(file, `${at}/description`, 'missing');
    const request = raw['request'];
    const response = raw['response'];
    if (!isObject(request) || typeof request['method'] !== 'string') throw bad(file, `${at}/request/method`, 'missing');
    if (!isObject(response) || typeof response['status'] !== 'number') throw bad(file, `${at}/response/status`, 'missing');
    const states = Array.isArray(raw['providerStates']) ? raw['providerStates'] : [];
    const body = isObject(request['body']) ? request['body']['content'] : undefined;
    const verdict = isObject(raw['comments']) ? raw['comments'][VERDICT_COMMENT_KEY] : undefined;
    return {
      description: raw['description'],
      pending: raw['pending'] === true,
      states: states.filter(isObject).map((s) => ({ name: String(s['name']), params: isObject(s['params']) ? s['params'] : {} })),
      request: { method: request['method'], ...pathOf(request), headers: headersOf(request['headers']), ...(body === undefined ? {} : { body }) },
      expectedStatus: response['status'],
      ...(typeof verdict === 'string' ? { matrixVerdict: verdict } : {}),
    };
  });
  return { file, consumer, provider, interactions };
}
