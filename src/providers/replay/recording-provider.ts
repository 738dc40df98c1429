/**
 * A provider that records: it wraps another provider (real Nova, emulator, any URL) and puts
 * a recording proxy in front of its endpoint, so whatever a matrix run sends is written to a
 * cassette that the replay provider can answer later, cell for cell, with no Nova.
 *
 * Fresh servers get a stable stand-in id per template (the real ids differ on every run),
 * written into paths and bodies in their place, so re-recording gives the same file.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { normalizeHeaders } from '../../http/message.js';
import { readRequestBody } from '../../http/read-body.js';
import { buildInteraction } from '../../cassette/interaction.js';
import { callerOfToken, templatePath } from '../../cassette/key.js';
import { createRawClient, type RawClient } from '../../cassette/raw-http.js';
import { createRedactor, idsInToken, type Redactor } from '../../cassette/redact.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteInteraction } from '../../cassette/types.js';
import type { NovaTarget } from '../../nova/target.js';
import { VERSION } from '../../version.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';

export interface RecordingOptions {
  /** Record only this target id; default the first target the runner asks for. */
  readonly target?: string;
  /** Name noted as the cassette's request set, e.g. `matrix:matrix/default.yaml`. */
  readonly requestSet: string;
  readonly novaVersion?: string | null;
  readonly note?: string | null;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
  /** More ids to redact besides the user and project of a `<user>:<project>` admin token. */
  readonly redactIds?: readonly string[];
}

/** A stable stand-in server id for a template: `5ec0ded0-0000-4000-8000-<hash>`. */
export function standInServerId(template: string): string {
  return `5ec0ded0-0000-4000-8000-${createHash('sha256').update(template).digest('hex').slice(0, 12)}`;
}


export class RecordingProvider implements NovaProvider {
  readonly kind: string;
  /** What is recorded must replay: no per-cell reads of migration state (see {@link NovaProvider}). */
  readonly readsMigrationRecords = false;
  readonly description: string;
  private target: NovaTarget | undefined;
  private innerEndpoint: NovaEndpoint | undefined;
  private proxy: { server: Server; url: string } | undefined;
  private readonly client: RawClient;
  private readonly redactor: Redactor;
  /** Real server id → template. */
  private readonly roles = new Map<string, string>();
  private readonly servers: Record<string, { id: string; host: string | null }> = {};
  private readonly recorded = new Map<string, CassetteInteraction>();
  private readonly conflicts = new Set<string>();

  constructor(
    private readonly inner: NovaProvider,
    private readonly options: RecordingOptions,
  ) {
    this.kind = inner.kind;
    this.description = `${inner.description}, recorded`;
    this.client = createRawClient(options.timeoutMs ?? 30_000, 16);
    const admin = inner.token('admin');
    this.redactor = createRedactor({ secrets: [admin, inner.token('member')], ids: [...idsInToken(admin), ...(options.redactIds ?? [])] });
  }

  async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
    const wanted = this.options.target ?? this.target?.id;
    if (wanted !== undefined && target.id !== wanted) {
      throw new MvmError(ERROR_CODES.PROVIDER, `recording only target '${wanted}' (a cassette holds one target)`, {
        hint: 'record each target into its own cassette (--target-id)',
      });
    }
    if (this.proxy && this.target) return { target, computeUrl: `${this.proxy.url}/v2.1` };
    this.innerEndpoint = await this.inner.endpointFor(target);
    this.target = target;
    this.proxy = await this.startProxy(this.innerEndpoint.computeUrl.replace(/\/v2\.1\/?$/, ''));
    return { target, computeUrl: `${this.proxy.url}/v2.1` };
  }

  async createServer(_endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
    if (!this.innerEndpoint) throw new MvmError(ERROR_CODES.PROVIDER, 'createServer before endpointFor');
    const server = await this.inner.createServer(this.innerEndpoint, template);
    this.roles.set(server.id, template);
    this.servers[template] ??= { id: standInServerId(template), host: server.host };
    return server;
  }

  token(caller: 'admin' | 'member'): string {
    return this.inner.token(caller);
  }

  /** The recorded provider's limits and credentials hold for the recording too. */
  get freshServerCap(): number | undefined {
    return this.inner.freshServerCap;
  }

  get redaction(): NovaProvider['redaction'] {
    return this.inner.redaction;
  }

  /** Recorded keys whose answers differed between two sends (first answer kept). */
  conflictingKeys(): string[] {
    return [...this.conflicts].sort();
  }

  /** The cassette so far: interactions sorted by key, so concurrency does not change the file. */
  cassette(): Cassette {
    if (!this.target) throw new MvmError(ERROR_CODES.PROVIDER, 'nothing was recorded: the run asked for no target this provider serves');
    const origin = new URL(this.innerEndpoint!.computeUrl);
    return {
      format: CASSETTE_FORMAT,
      version: CASSETTE_VERSION,
      metadata: {
        recordedAt: (this.options.now ?? (() => new Date()))().toISOString(),
        targetOrigin: `${origin.protocol}//${origin.hostname}`,
        target: this.target.id,
        maxMicroversion: `${this.target.maxMicroversion.major}.${this.target.maxMicroversion.minor}`,
        novaVersion: this.options.novaVersion ?? null,
        mvmatrixVersion: VERSION,
        requestSet: this.options.requestSet,
        note: this.options.note ?? null,
      },
      servers: { ...this.servers },
      interactions: [...this.recorded.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    };
  }

  private async startProxy(innerBase: string): Promise<{ server: Server; url: string }> {
    let ownBase = '';
    const server = createServer((req, res) => {
      this.forward(innerBase, ownBase, req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(502, 'mvmatrix recording proxy error', { 'Content-Type': 'text/plain', 'X-Mvmatrix-Record': 'error' });
        res.end(`mvmatrix recording proxy: ${(error as Error).message}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    ownBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { server, url: ownBase };
  }

  private async forward(innerBase: string, ownBase: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const body = await readRequestBody(req);
    const headers = normalizeHeaders(req.headers);
    const outgoing: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name !== 'host' && name !== 'content-length' && name !== 'connection') outgoing[name] = value;
    }
    const received = await this.client.send(new URL(innerBase + path), req.method ?? 'GET', outgoing, body);

    // The client sees the proxy, never the Nova behind it (hrefs point back here).
    const toClient = (text: string): string => text.split(innerBase).join(ownBase);
    const flat: string[] = [];
    const out = Buffer.from(toClient(received.body), 'utf8');
    for (const [n, v] of received.headers) {
      const lower = n.toLowerCase();
      if (lower !== 'content-length' && lower !== 'transfer-encoding' && lower !== 'connection' && lower !== 'keep-alive') flat.push(n, toClient(v));
    }
    flat.push('Content-Length', String(out.length));
    res.writeHead(received.status, flat);
    res.end(out);

    this.record(innerBase, req.method ?? 'GET', path, headers, body, received);
  }

  private record(innerBase: string, method: string, path: string, headers: Record<string, string>, body: string, received: { status: number; headers: Array<[string, string]>; body: string }): void {
    const realId = templatePath(path).serverId;
    const role = realId === null ? null : (this.roles.get(realId) ?? 'unknown');
    const standIn = role !== null && role !== 'unknown' && realId !== null ? standInServerId(role) : null;
    const swap = (text: string): string => (standIn && realId ? text.split(realId).join(standIn) : text);
    const interaction = buildInteraction(
      method,
      { method, path: swap(path), headers, body },
      { status: received.status, headers: received.headers.map(([n, v]) => [n, swap(v)] as const), body: swap(received.body) },
      { redactor: this.redactor, projectIds: [], serverRef: role, caller: callerOfToken(headers['x-auth-token']), newStyleHeader: this.target!.release.newStyleHeader, baseUrl: innerBase },
    );
    const named = { ...interaction, name: `${method} ${interaction.request.pathTemplate}${role ? ` (${role})` : ''}` };
    const earlier = this.recorded.get(named.key);
    if (!earlier) this.recorded.set(named.key, named);
    else if (JSON.stringify(earlier.response) !== JSON.stringify(named.response)) this.conflicts.add(named.key);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const proxy = this.proxy;
    this.proxy = undefined;
    if (proxy) {
      await new Promise<void>((resolve) => {
        proxy.server.close(() => resolve());
        proxy.server.closeAllConnections();
      });
    }
    this.client.close();
    await this.inner[Symbol.asyncDispose]();
  }
}
