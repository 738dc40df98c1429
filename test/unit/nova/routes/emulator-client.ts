/** Test helper: drives `createEmulator().handle()` like a client would. */
import { createEmulator, type Emulator } from '../../../../src/nova/emulator.js';
import { resolveTarget } from '../../../../src/nova/target.js';
import type { HttpResponse } from '../../../../src/http/message.js';
import { responseHeader, responseHeaderValues } from '../../../../src/http/message.js';

export const PROJECT = '6f70656e737461636b20726f636b7321';
export const ADMIN = `admin:${PROJECT}`;
export const MEMBER = `member:${PROJECT}`;
export const SERVERS = {
  active: '5e000001-0000-4000-8000-000000000001',
  paused: '5e000002-0000-4000-8000-000000000002',
  shutoff: '5e000003-0000-4000-8000-000000000003',
  locked: '5e000004-0000-4000-8000-000000000004',
  migrating: '5e000005-0000-4000-8000-000000000005',
  error: '5e000006-0000-4000-8000-000000000006',
  activeLocalDisk: '5e000007-0000-4000-8000-000000000007',
  activeVolumeBacked: '5e000008-0000-4000-8000-000000000008',
  neverLaunched: '5e000009-0000-4000-8000-000000000009',
} as const;

export interface CallOptions {
  readonly version?: string;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly query?: string;
  readonly body?: unknown;
  /** Raw body text (wins over `body`). */
  readonly raw?: string;
}

export interface Reply extends HttpResponse {
  json(): any;
  header(name: string): string | undefined;
  headerValues(name: string): string[];
}

export class EmulatorClient {
  readonly emulator: Emulator;
  readonly targetSpec: string;
  readonly origin: string;

  constructor(targetSpec = 'zed', emulator: Emulator = createEmulator()) {
    this.emulator = emulator;
    this.targetSpec = targetSpec;
    this.origin = `http://127.0.0.1:8774/@${targetSpec}`;
  }

  call(method: string, path: string, options: CallOptions = {}): Reply {
    const headers: Record<string, string> = {};
    if (options.token !== null) headers['x-auth-token'] = options.token ?? ADMIN;
    if (options.version !== undefined) headers['openstack-api-version'] = `compute ${options.version}`;
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
    const body = options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const response = this.emulator.handle(
      { method, path, query: options.query ?? '', headers, body },
      { target: resolveTarget(this.targetSpec), origin: this.origin },
    );
    return {
      ...response,
      json: () => JSON.parse(response.body),
      header: (name: string) => responseHeader(response, name),
      headerValues: (name: string) => responseHeaderValues(response, name),
    };
  }

  get(path: string, options: CallOptions = {}): Reply {
    return this.call('GET', path, options);
  }

  post(path: string, body: unknown, options: CallOptions = {}): Reply {
    return this.call('POST', path, { ...options, body });
  }

  delete(path: string, options: CallOptions = {}): Reply {
    return this.call('DELETE', path, options);
  }

  action(serverId: string, body: unknown, options: CallOptions = {}): Reply {
    return this.post(`/v2.1/servers/${serverId}/action`, body, options);
  }

  liveMigrate(serverId: string, inner: Record<string, unknown>, options: CallOptions = {}): Reply {
    return this.action(serverId, { 'os-migrateLive': inner }, options);
  }

  advance(seconds: number): void {
    const r = this.post('/_mvmatrix/clock', { advance: seconds });
    if (r.status !== 200) throw new Error(`clock advance failed: ${r.status} ${r.body}`);
  }

  fresh(template: string): string {
    const r = this.post('/_mvmatrix/servers', { template });
    if (r.status !== 201) throw new Error(`fresh server failed: ${r.status} ${r.body}`);
    return r.json().server.id as string;
  }

  server(id: string, version = '2.80'): any {
    return this.get(`/v2.1/servers/${id}`, { version }).json().server;
  }
}

/** The fault message of a Nova fault response. */
export function faultMessage(reply: Reply): string {
  const parsed = reply.json() as Record<string, { message: string }>;
  return Object.values(parsed)[0]!.message;
}
