/**
 * Nova's API routes (the Routes mapper's ROUTE_LIST, in its order) and their matching, with and
 * without the `{project_id}` segment. Pure.
 */
import type { LiveMigrationSwitchName } from './bands.js';
import type { RouteHandler } from './routes/api-call.js';
import { showVersionInsideApi } from './routes/versions.js';
import { listServers, listServersDetail, showServer } from './routes/servers.js';
import { coldMigrateAction, migrateLiveAction } from './routes/server-actions.js';
import { abortServerMigration, forceCompleteServerMigration, listServerMigrations, showServerMigration } from './routes/server-migrations.js';
import { listMigrations } from './routes/os-migrations.js';
import { listServices } from './routes/os-services.js';
import { listHypervisors, listHypervisorsDetail } from './routes/os-hypervisors.js';

export interface GatedHandler {
  readonly handler: RouteHandler;
  /** The method exists only from this switch's microversion (else 404 fault). */
  readonly since?: LiveMigrationSwitchName;
}

interface RouteEntry extends Partial<GatedHandler> {
  readonly method: string;
  /** Path segments; `:name` captures. The root route is `['']`. */
  readonly segments: readonly string[];
  /** For `.../action` routes: handlers by the body's single key. */
  readonly actions?: Readonly<Record<string, GatedHandler>>;
}

// Order matters as in Nova's ROUTE_LIST: `/servers/detail` before `/servers/{id}`.
const ROUTES: readonly RouteEntry[] = [
  { method: 'GET', segments: [''], handler: showVersionInsideApi },
  { method: 'GET', segments: ['versions', ':id'], handler: showVersionInsideApi },
  { method: 'GET', segments: ['os-hypervisors'], handler: listHypervisors },
  { method: 'GET', segments: ['os-hypervisors', 'detail'], handler: listHypervisorsDetail },
  { method: 'GET', segments: ['os-migrations'], handler: listMigrations },
  { method: 'GET', segments: ['os-services'], handler: listServices },
  { method: 'GET', segments: ['servers'], handler: listServers },
  { method: 'GET', segments: ['servers', 'detail'], handler: listServersDetail },
  { method: 'GET', segments: ['servers', ':id'], handler: showServer },
  {
    method: 'POST',
    segments: ['servers', ':id', 'action'],
    actions: { 'os-migrateLive': { handler: migrateLiveAction }, migrate: { handler: coldMigrateAction } },
  },
  { method: 'GET', segments: ['servers', ':server_id', 'migrations'], handler: listServerMigrations, since: 'serverMigrationsGet' },
  { method: 'GET', segments: ['servers', ':server_id', 'migrations', ':id'], handler: showServerMigration, since: 'serverMigrationsGet' },
  { method: 'DELETE', segments: ['servers', ':server_id', 'migrations', ':id'], handler: abortServerMigration, since: 'abort' },
  {
    method: 'POST',
    segments: ['servers', ':server_id', 'migrations', ':id', 'action'],
    actions: { force_complete: { handler: forceCompleteServerMigration, since: 'forceComplete' } },
  },
];

/** Routes of each method, in ROUTES order: the match loop skips the other methods' entries. */
const ROUTES_BY_METHOD: ReadonlyMap<string, readonly RouteEntry[]> = (() => {
  const byMethod = new Map<string, RouteEntry[]>();
  for (const entry of ROUTES) {
    const list = byMethod.get(entry.method) ?? [];
    list.push(entry);
    byMethod.set(entry.method, list);
  }
  return byMethod;
})();
const NO_ROUTES: readonly RouteEntry[] = [];

/** `/^[0-9a-f-]+$/` (the `{project_id}` segment), as a character loop: it runs on every request. */
export function isProjectId(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 45)) return false;
  }
  return true;
}

/**
 * The segments after the path's first `/` (`'/a/b'` → `['a', 'b']`; no `/` → none): what
 * `split('/')` gives, found with `indexOf` because `split` on a request's fresh string is a
 * runtime call, the costliest step of routing.
 */
export function pathSegments(apiPath: string): string[] {
  let start = apiPath.indexOf('/') + 1;
  if (start === 0) return [];
  const segments: string[] = [];
  for (let end = apiPath.indexOf('/', start); end !== -1; end = apiPath.indexOf('/', start)) {
    segments.push(apiPath.slice(start, end));
    start = end + 1;
  }
  segments.push(apiPath.slice(start));
  return segments;
}

function matchSegments(pattern: readonly string[], segments: readonly string[], offset: number): Record<string, string> | undefined {
  if (segments.length - offset !== pattern.length) return undefined;
  // Check first, allocate the parameters only for the route that matches.
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i + offset]!;
    if (p.charCodeAt(0) === 58 /* : */ ? s === '' : p !== s) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.charCodeAt(0) === 58) params[p.slice(1)] = safeDecode(segments[i + offset]!);
  }
  return params;
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface RouteMatch {
  readonly entry: RouteEntry;
  readonly params: Record<string, string>;
  readonly projectInPath: string | null;
}

/** Routes-library matching: for each route, the `{project_id}` form first, then the plain one. */
export function matchRoute(method: string, apiPath: string): RouteMatch | undefined {
  const segments = pathSegments(apiPath);
  const first = segments[0];
  const projectFirst = first !== undefined && isProjectId(first);
  const entries = ROUTES_BY_METHOD.get(method) ?? NO_ROUTES;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (projectFirst) {
      const params = matchSegments(entry.segments, segments, 1);
      if (params) return { entry, params, projectInPath: first! };
    }
    const params = matchSegments(entry.segments, segments, 0);
    if (params) return { entry, params, projectInPath: null };
  }
  return undefined;
}
