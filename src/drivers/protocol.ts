/**
 * The driver protocol, version 1 (docs/drivers.md): JSON lines between the runner and a
 * long-lived driver process that runs a real client's code. One hello line from the driver,
 * then one answer per request, one at a time, in order. Pure: parsing and formatting only.
 */

export const DRIVER_PROTOCOL_VERSION = 1;

/** What the user asks the client for; `default` = leave that option at the client's default. */
export interface DriverIntent {
  readonly host: string | null;
  readonly blockMigration: boolean | 'auto' | 'default';
  readonly diskOverCommit: boolean | 'default';
  /** Absent or null: not set by the user. */
  readonly force?: boolean | null;
}

export interface DriverRequest {
  readonly id: string;
  readonly op: 'live-migrate';
  /** The compute endpoint as a catalog lists it (through the capturing proxy). */
  readonly endpoint: string;
  readonly token: string;
  /** The cell's fresh server. */
  readonly server: string;
  readonly intent: DriverIntent;
}

/** Which code the driver runs (see `identity.py`). */
export interface CodeIdentity {
  readonly project: string;
  readonly distribution?: string;
  /** `installed` (a package in the Python environment) or `checkout` (a source directory). */
  readonly kind: 'installed' | 'checkout';
  /** Package version (from its metadata, or `git describe` for a checkout); null if unknown. */
  readonly version: string | null;
  /** Directory the client's package was imported from. */
  readonly location: string;
  readonly source?: string;
  readonly git?: { readonly commit: string; readonly dirty: boolean; readonly describe?: string | null };
  /** sha256 over the source of every module loaded from the client's code. */
  readonly loaded?: { readonly files: number; readonly sha256: string };
  readonly warning?: string;
}

export interface DriverHello {
  readonly client: string;
  /** The function or command the driver calls, e.g. `...LiveMigrateForm.handle`. */
  readonly entrypoint: string;
  readonly options: Readonly<Record<string, string>>;
  readonly code: CodeIdentity;
  readonly python: { readonly executable: string; readonly version: string; readonly implementation?: string };
  /** Versions of the libraries the client runs on (`null`: not installed). */
  readonly libraries: Readonly<Record<string, string | null>>;
  readonly pid?: number;
}

/** An answer from the driver for one request. */
export type DriverAnswer =
  /** The client call returned (it may still have sent a request Nova refused). */
  | { readonly kind: 'done'; readonly id: string; readonly done: Readonly<Record<string, unknown>> }
  /** The client raised: its own exception class and text. */
  | { readonly kind: 'raised'; readonly id: string; readonly type: string; readonly message: string; readonly module?: string; readonly warnings?: readonly string[] }
  /** The driver could not run the call (bad request line, unsupported option). */
  | { readonly kind: 'error'; readonly id: string | null; readonly reason: string };

export type ParsedLine<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const MAX_QUOTED = 200;

/** A line, shortened for an error message. */
export function quoteLine(line: string): string {
  const flat = JSON.stringify(line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED)}…` : line);
  return flat;
}

function parseObject(line: string): ParsedLine<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch {
    return { ok: false, reason: `not JSON: ${quoteLine(line)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: `not a JSON object: ${quoteLine(line)}` };
  return { ok: true, value: value as Record<string, unknown> };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The driver's first line. */
export function parseHelloLine(line: string): ParsedLine<DriverHello> {
  const parsed = parseObject(line);
  if (!parsed.ok) return { ok: false, reason: `the first line is ${parsed.reason}` };
  const version = parsed.value['mvmatrixDriver'];
  if (version === undefined) return { ok: false, reason: `the first line is not a driver hello (no "mvmatrixDriver"): ${quoteLine(line)}` };
  if (version !== DRIVER_PROTOCOL_VERSION) {
    return { ok: false, reason: `the driver speaks protocol ${JSON.stringify(version)}; this mvmatrix speaks ${DRIVER_PROTOCOL_VERSION}` };
  }
  const hello = parsed.value['hello'];
  if (!isRecord(hello)) return { ok: false, reason: 'the hello line has no "hello" object' };
  const code = hello['code'];
  const python = hello['python'];
  if (!isString(hello['client']) || !isString(hello['entrypoint']) || !isRecord(code) || !isRecord(python)) {
    return { ok: false, reason: `the hello lacks client, entrypoint, code or python: ${quoteLine(line)}` };
  }
  if (!isString(code['project']) || !isString(code['location']) || (code['kind'] !== 'installed' && code['kind'] !== 'checkout')) {
    return { ok: false, reason: `the hello's code identity lacks project, location or kind: ${quoteLine(line)}` };
  }
  return {
    ok: true,
    value: {
      ...(hello as unknown as DriverHello),
      options: isRecord(hello['options']) ? (hello['options'] as Record<string, string>) : {},
      libraries: isRecord(hello['libraries']) ? (hello['libraries'] as Record<string, string | null>) : {},
      code: { ...(code as unknown as CodeIdentity), version: isString(code['version']) ? code['version'] : null },
    },
  };
}

/** One answer line. */
export function parseAnswerLine(line: string): ParsedLine<DriverAnswer> {
  const parsed = parseObject(line);
  if (!parsed.ok) return parsed;
  const message = parsed.value;
  const id = message['id'];
  if (!isString(id) && id !== null) return { ok: false, reason: `answer without a string "id": ${quoteLine(line)}` };
  const keys = ['done', 'raised', 'error'].filter((k) => k in message);
  if (keys.length !== 1) return { ok: false, reason: `an answer needs exactly one of "done", "raised", "error": ${quoteLine(line)}` };
  if ('error' in message) {
    const error = message['error'];
    const reason = isRecord(error) && isString(error['reason']) ? error['reason'] : JSON.stringify(error);
    return { ok: true, value: { kind: 'error', id, reason } };
  }
  if (id === null) return { ok: false, reason: `answer with a null "id": ${quoteLine(line)}` };
  if ('done' in message) {
    const done = message['done'];
    return { ok: true, value: { kind: 'done', id, done: isRecord(done) ? done : {} } };
  }
  const raised = message['raised'];
  if (!isRecord(raised) || !isString(raised['type']) || !isString(raised['message'])) {
    return { ok: false, reason: `"raised" needs a string "type" and "message": ${quoteLine(line)}` };
  }
  const warnings = Array.isArray(message['warnings']) ? message['warnings'].filter(isString) : undefined;
  return {
    ok: true,
    value: {
      kind: 'raised',
      id,
      type: raised['type'],
      message: raised['message'],
      ...(isString(raised['module']) ? { module: raised['module'] } : {}),
      ...(warnings && warnings.length > 0 ? { warnings } : {}),
    },
  };
}

/** The line the runner writes for a request (no newline inside: JSON.stringify escapes it). */
export function formatRequestLine(request: DriverRequest): string {
  return `${JSON.stringify(request)}\n`;
}

/** `<Type>: <message>`, the form refusals have everywhere in mvmatrix. */
export function refusalText(answer: { readonly type: string; readonly message: string }): string {
  return `${answer.type}: ${answer.message}`;
}
