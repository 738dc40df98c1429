/**
 * Compares the real Nova's answer to the emulator's for one case, modulo what legitimately
 * differs: hrefs (host, port, target prefix), server UUIDs of fresh servers, request ids,
 * timestamps and migration ids. Pure.
 */
import type { ConformanceCase } from './corpus/case.js';

export type Aspect = 'status' | 'fault' | 'microversion-headers' | 'content-type' | 'body'
  /** Stateful cases (full control plane): the live-migration records and the server once settled. */
  | 'migration-record' | 'server-state';

export interface Difference {
  readonly aspect: Aspect;
  readonly real: string;
  readonly emulator: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly serverId: string | undefined;
  /** This side's id of the migration a `{migration}` path named. */
  readonly migrationId?: string | undefined;
  /** Origin + prefix of this side's endpoint, e.g. `http://127.0.0.1:8774/` or `.../@zed/`. */
  readonly baseUrl: string;
}

const MICROVERSION_HEADERS = ['openstack-api-version', 'x-openstack-nova-api-version', 'vary'];

/** The values of one header, joined like a client would see them. */
function headerValue(answer: Answer, name: string): string {
  return answer.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v).join(', ');
}

/** `{"itemNotFound": {"code": 404, "message": "..."}}` → `itemNotFound 404: ...`; else undefined. */
export function faultOf(body: string): { key: string; code: unknown; message: string } | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const keys = Object.keys(parsed);
      if (keys.length === 1) {
        const inner = (parsed as Record<string, unknown>)[keys[0]!];
        if (inner && typeof inner === 'object' && 'message' in inner) {
          const record = inner as Record<string, unknown>;
          return { key: keys[0]!, code: record['code'], message: String(record['message']) };
        }
      }
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * A message that carries an exception from another Nova service (oslo.messaging's
 * `<Class>_Remote`) ends with that service's traceback: file paths and line numbers of the real
 * process, which no model reproduces. It is not compared.
 */
const REMOTE_TRACEBACK = /\nTraceback \(most recent call last\):[\s\S]*$/;

function normalizeText(text: string, answer: Answer): string {
  let out = text.replace(REMOTE_TRACEBACK, '').split(answer.baseUrl).join('<base>/');
  const origin = /^https?:\/\/[^/]+/.exec(answer.baseUrl)?.[0];
  if (origin) out = out.split(origin).join('<origin>');
  if (answer.serverId) out = out.split(answer.serverId).join('<server>');
  if (answer.migrationId) out = out.replace(new RegExp(`([Mm]igration )${answer.migrationId}\\b`, 'g'), '$1<migration>');
  return out;
}

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonicalJson((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Fields that differ between any two worlds for the same migration. */
const VOLATILE_MIGRATION_FIELDS = ['id', 'uuid', 'created_at', 'updated_at'];

function normalizedBody(c: ConformanceCase, answer: Answer): string {
  const text = normalizeText(answer.body, answer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const scrub = (m: unknown): unknown => {
    const copy = { ...(m as Record<string, unknown>) };
    for (const field of VOLATILE_MIGRATION_FIELDS) if (field in copy) copy[field] = '<volatile>';
    return copy;
  };
  if (parsed && typeof parsed === 'object' && 'migrations' in parsed) {
    parsed = { migrations: (parsed as { migrations: unknown[] }).migrations.map(scrub) };
  } else if (parsed && typeof parsed === 'object' && 'migration' in parsed) {
    parsed = { migration: scrub((parsed as { migration: unknown }).migration) };
  }
  return JSON.stringify(canonicalJson(parsed));
}

/** Every aspect in which the two answers differ (empty = they agree). */
export function compareAnswers(c: ConformanceCase, real: Answer, emulator: Answer): Difference[] {
  const out: Difference[] = [];
  if (real.status !== emulator.status) out.push({ aspect: 'status', real: String(real.status), emulator: String(emulator.status) });
  const realFault = faultOf(real.body);
  const emulatorFault = faultOf(emulator.body);
  if (realFault || emulatorFault) {
    const show = (f: ReturnType<typeof faultOf>, a: Answer): string => (f ? `${f.key} ${String(f.code)}: ${normalizeText(f.message, a)}` : `(no fault) ${a.body.slice(0, 200)}`);
    const r = show(realFault, real);
    const e = show(emulatorFault, emulator);
    if (r !== e) out.push({ aspect: 'fault', real: r, emulator: e });
  } else if (real.status < 300 || real.status === 300) {
    const r = normalizedBody(c, real);
    const e = normalizedBody(c, emulator);
    if (r !== e) out.push({ aspect: 'body', real: r, emulator: e });
  }
  const headers = (a: Answer): string => MICROVERSION_HEADERS.map((h) => `${h}=${headerValue(a, h)}`).join('; ');
  if (headers(real) !== headers(emulator)) out.push({ aspect: 'microversion-headers', real: headers(real), emulator: headers(emulator) });
  const contentType = (a: Answer): string => `${headerValue(a, 'content-type')} (content-length ${headerValue(a, 'content-length') || 'none'})`;
  const bodyless = real.status === 202 || real.status === 204;
  const ct = (a: Answer): string => (bodyless ? contentType(a) : headerValue(a, 'content-type'));
  if (ct(real) !== ct(emulator)) out.push({ aspect: 'content-type', real: ct(real), emulator: ct(emulator) });
  return out;
}

/** Report band of a case from the real Nova's answer: the microversion it executed. */
export function bandOf(real: Pick<Answer, 'status' | 'headers'>, c: ConformanceCase, max = '2.93'): string {
  if (c.path === '/' ) return 'version list (unversioned)';
  if (c.path.startsWith('/v2/') || c.path === '/v2') return 'legacy /v2';
  const header = real.headers.find(([n]) => n === 'openstack-api-version')?.[1];
  if (!header) return real.status === 400 ? 'malformed version (400)' : 'no version header in answer';
  if (real.status === 406) return 'unsupported version (406)';
  const minor = Number(/compute 2\.(\d+)/.exec(header)?.[1] ?? NaN);
  if (Number.isNaN(minor)) return `other (${header})`;
  if (minor < 25) return '2.1–2.24';
  if (minor < 30) return '2.25–2.29';
  if (minor < 34) return '2.30–2.33';
  if (minor < 68) return '2.34–2.67';
  return `2.68–${max}`;
}
