/**
 * A tiny compute endpoint for the client proof: it serves a version document for a
 * configured range, a minimal ACTIVE server for look-ups, and records every POST
 * `.../action` (202, empty). Nothing else of Nova is imitated.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from '../../../src/http/read-body.js';

export type CaptureMode =
  | { readonly kind: 'range'; readonly min: string; readonly max: string }
  /** The version URL answers 401 (novaclient then assumes no microversions). */
  | { readonly kind: 'unauthorized' }
  /** The endpoint serves the legacy v2.0 document (empty `version`). */
  | { readonly kind: 'v2.0-document' };

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CaptureServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>/v2.1` (`/v2` for the v2.0-document mode): what a catalog would list. */
  readonly computeUrl: string;
  readonly mode: CaptureMode;
  /** Recorded POSTs, by the server id in the path. */
  readonly actions: Map<string, CapturedRequest[]>;
  readonly gets: string[];
  close(): Promise<void>;
}


function versionEntry(mode: CaptureMode, base: string): Record<string, unknown> {
  if (mode.kind === 'range') {
    return {
      id: 'v2.1',
      status: 'CURRENT',
      version: mode.max,
      min_version: mode.min,
      updated: '2013-07-23T11:33:21Z',
      links: [
        { rel: 'self', href: `${base}/v2.1/` },
        { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    };
  }
  return {
    id: 'v2.0',
    status: 'SUPPORTED',
    version: '',
    min_version: '',
    updated: '2011-01-21T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' }],
  };
}

/** Starts a capture endpoint on 127.0.0.1 (random port). Close it (or `await using`). */
export async function startCaptureServer(mode: CaptureMode): Promise<CaptureServer> {
  const actions = new Map<string, CapturedRequest[]>();
  const gets: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readRequestBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const json = (status: number, value: unknown): void => {
        const text = value === undefined ? '' : JSON.stringify(value);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (req.method === 'GET') {
        gets.push(path);
        if (mode.kind === 'unauthorized' && (path === '/' || path.startsWith('/v2'))) {
          return json(401, { unauthorized: { code: 401, message: 'The request you have made requires authentication.' } });
        }
        if (path === '/' || path === '/v2.1' || path === '/v2.1/' || path === '/v2' || path === '/v2/') {
          const legacy: CaptureMode = { kind: 'v2.0-document' };
          const entries = mode.kind === 'range' ? [versionEntry(legacy, base), versionEntry(mode, base)] : [versionEntry(legacy, base)];
          if (path === '/') return json(200, { versions: entries });
          return json(200, { version: versionEntry(path.startsWith('/v2.1') ? mode : legacy, base) });
        }
        const server = /^\/v2(?:\.1)?\/servers\/([^/]+)$/.exec(path);
        if (server) {
          const id = server[1] ?? '';
          return json(200, { server: { id, name: `server-${id}`, status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute-01', links: [] } });
        }
        return json(404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
      }
      const action = /^\/v2(?:\.1)?\/servers\/([^/]+)\/action$/.exec(path);
      if (req.method === 'POST' && action) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const id = action[1] ?? '';
        const list = actions.get(id) ?? [];
        list.push({ method: req.method, path, headers, body });
        actions.set(id, list);
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': 0 });
        return res.end();
      }
      return json(404, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { computeUrl: `${base}${mode.kind === 'v2.0-document' ? '/v2' : '/v2.1'}`, mode, actions, gets, close, [Symbol.asyncDispose]: close };
}
