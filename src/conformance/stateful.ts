/**
 * Runs the stateful cases (`stateful-corpus.ts`) against both sides: the request on a fresh
 * server, then the server's live migrations run to their end state
 * (`POST /_mvmatrix/migrations/settle`, the same route on the emulator and the real Nova's full
 * mode), then the migration records (`GET /os-migrations?instance_uuid=`, 2.23) and the server
 * (`GET /servers/{id}`) read back. Judged like the rest of the corpus, plus two aspects:
 * `migration-record` (status, source, destination of every live migration, in order) and
 * `server-state` (status, host, node, task state after settling).
 */
import { Agent, request } from 'undici';
import type { AllowList } from './allowlist.js';
import type { Answer, Difference } from './compare.js';
import { runDifferential, type CaseResult, type DifferentialOptions, type DifferentialRun } from './differential.js';
import type { Side } from './exchange.js';
import type { StatefulCase } from './stateful-corpus.js';

/** What a side shows once the case's migrations have settled. */
export interface SettledView {
  /** One line per live migration of the server, oldest first: `status source/node→dest/node dest_host=…`. */
  readonly migrations: readonly string[];
  /** `status host/node task_state`. */
  readonly server: string;
}

const MIGRATION_FIELDS_MICROVERSION = '2.23';

async function getJson(agent: Agent, url: string, token: string, microversion: string): Promise<{ status: number; body: unknown }> {
  const response = await request(url, {
    dispatcher: agent,
    headers: { 'x-auth-token': token, 'x-openstack-nova-api-version': microversion, 'openstack-api-version': `compute ${microversion}` },
  });
  const text = await response.body.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text
  }
  return { status: response.statusCode, body };
}

/** Settles and reads back one server on one side. */
export async function settledView(agent: Agent, side: Side, serverId: string): Promise<SettledView> {
  const settle = await request(`${side.baseUrl}_mvmatrix/migrations/settle`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ server: serverId }),
  });
  const settleText = await settle.body.text();
  if (settle.statusCode !== 200) throw new Error(`${side.name}: settle ${serverId}: ${settle.statusCode} ${settleText.slice(0, 300)}`);
  const token = `admin:${side.projectId}`;
  const list = await getJson(agent, `${side.baseUrl}v2.1/os-migrations?instance_uuid=${serverId}`, token, MIGRATION_FIELDS_MICROVERSION);
  const records = ((list.body as { migrations?: Array<Record<string, unknown>> }).migrations ?? [])
    .filter((m) => m['migration_type'] === 'live-migration')
    .sort((a, b) => Number(a['id']) - Number(b['id']));
  const field = (m: Record<string, unknown>, key: string): string => String(m[key]);
  const migrations = records.map(
    (m) => `${field(m, 'status')} ${field(m, 'source_compute')}/${field(m, 'source_node')}→${field(m, 'dest_compute')}/${field(m, 'dest_node')} dest_host=${field(m, 'dest_host')}`,
  );
  const shown = await getJson(agent, `${side.baseUrl}v2.1/servers/${serverId}`, token, '2.1');
  const s = (shown.body as { server?: Record<string, unknown> }).server;
  const server = s
    ? `${String(s['status'])} ${String(s['OS-EXT-SRV-ATTR:host'])}/${String(s['OS-EXT-SRV-ATTR:hypervisor_hostname'])} task_state=${String(s['OS-EXT-STS:task_state'])}`
    : `(GET answered ${shown.status})`;
  return { migrations, server };
}

/** The aspects in which two settled views differ. */
export function compareSettled(real: SettledView, emulator: SettledView): Difference[] {
  const out: Difference[] = [];
  const r = real.migrations.join('; ') || '(none)';
  const e = emulator.migrations.join('; ') || '(none)';
  if (r !== e) out.push({ aspect: 'migration-record', real: r, emulator: e });
  if (real.server !== emulator.server) out.push({ aspect: 'server-state', real: real.server, emulator: emulator.server });
  return out;
}

export interface StatefulRun extends DifferentialRun {
  readonly results: ReadonlyArray<CaseResult & { readonly case: StatefulCase; readonly extra: { readonly real: SettledView; readonly emulator: SettledView } }>;
}

/** Sends every stateful case to both sides, settles, reads back and judges (mode `full`). */
export async function runStatefulDifferential(
  cases: readonly StatefulCase[],
  real: Side,
  emulator: Side,
  allowList: AllowList,
  options: DifferentialOptions = {},
): Promise<StatefulRun> {
  const agent = new Agent({ connections: 32, keepAliveTimeout: 10_000, headersTimeout: 600_000, bodyTimeout: 600_000 });
  const normalize = (view: SettledView, serverId: string | undefined): SettledView =>
    serverId ? { migrations: view.migrations, server: view.server.split(serverId).join('<server>') } : view;
  try {
    return await runDifferential(cases, real, emulator, allowList, { concurrency: 6, ...options, mode: 'full' }, async (_c, r: Answer, e: Answer) => {
      const [realView, emulatorView] = await Promise.all([settledView(agent, real, r.serverId!), settledView(agent, emulator, e.serverId!)]);
      return { differences: compareSettled(normalize(realView, r.serverId), normalize(emulatorView, e.serverId)), extra: { real: realView, emulator: emulatorView } };
    });
  } finally {
    await agent.close();
  }
}
