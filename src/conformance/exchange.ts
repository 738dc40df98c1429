/**
 * Sends corpus cases to one side (real Nova or emulator) over HTTP and records the answer.
 * The only I/O of the conformance code besides the report writer.
 */
import { Agent, request } from 'undici';
import type { ConformanceCase } from './corpus/case.js';

/** A Nova endpoint root (`http://127.0.0.1:<port>/`, trailing slash) plus its control API. */
export interface Side {
  readonly name: 'real' | 'emulator';
  readonly baseUrl: string;
  readonly projectId: string;
}

export interface Exchange {
  readonly status: number;
  /** Lower-case names; repeated headers keep every value in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  /** The server UUID the case addressed (fresh, seeded or missing). */
  readonly serverId: string | undefined;
  /** The migration id `{migration}` resolved to, if the path had one. */
  readonly migrationId: string | undefined;
  readonly ms: number;
}

export class CaseSender {
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 10_000, headersTimeout: 120_000, bodyTimeout: 120_000 });

  async createServer(side: Side, template: string): Promise<string> {
    const response = await request(`${side.baseUrl}_mvmatrix/servers`, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 201) throw new Error(`${side.name}: could not create a '${template}' server: ${response.statusCode} ${text}`);
    return (JSON.parse(text) as { server: { id: string } }).server.id;
  }

  async send(side: Side, c: ConformanceCase): Promise<Exchange> {
    let serverId: string | undefined;
    if (c.server?.kind === 'fresh') serverId = await this.createServer(side, c.server.template);
    else if (c.server) serverId = c.server.id;
    let migrationId: string | undefined;
    if (c.path.includes('{migration}')) migrationId = await this.migrationOf(side, serverId ?? '');
    const path = c.path.replace('{server}', serverId ?? '').replace('{project}', side.projectId).replace('{migration}', migrationId ?? '');
    const headers: Record<string, string> = { ...c.headers };
    if (c.caller !== 'none') headers['x-auth-token'] = `${c.caller}:${side.projectId}`;
    const started = performance.now();
    const response = await request(`${side.baseUrl}${path.replace(/^\//, '')}`, {
      method: c.method,
      dispatcher: this.agent,
      headers,
      ...(c.body === undefined ? {} : { body: c.body }),
    });
    const body = await response.body.text();
    const pairs: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) pairs.push([name.toLowerCase(), v]);
    }
    return { status: response.statusCode, headers: pairs, body, serverId, migrationId, ms: performance.now() - started };
  }

  /** The id of the server's in-progress live migration on that side (each world numbers its own). */
  async migrationOf(side: Side, serverId: string): Promise<string> {
    const response = await request(`${side.baseUrl}v2.1/servers/${serverId}/migrations`, {
      dispatcher: this.agent,
      headers: { 'x-auth-token': `admin:${side.projectId}`, 'x-openstack-nova-api-version': '2.23' },
    });
    const text = await response.body.text();
    const id = response.statusCode === 200 ? (JSON.parse(text) as { migrations: Array<{ id: number }> }).migrations[0]?.id : undefined;
    if (id === undefined) throw new Error(`${side.name}: server ${serverId} has no in-progress live migration (${response.statusCode} ${text.slice(0, 200)})`);
    return String(id);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

