/**
 * The context every API route handler receives, after Nova's generic request handling
 * (size limit, auth, routing, microversion, content type, body) has passed. Pure.
 */
import type { HttpRequest } from '../../http/message.js';
import type { NovaRelease } from '../../microversion/releases.js';
import type { Microversion } from '../../microversion/version.js';
import { hasSwitch, type LiveMigrationSwitchName } from '../bands.js';
import { FAULT_MESSAGES } from '../faults.js';
import type { NovaTarget } from '../target.js';
import type { Caller } from '../world-types.js';
import type { ServerRecord, TargetState } from '../state.js';
import { faultReply, type Reply } from './respond.js';

export interface ApiCall {
  readonly request: HttpRequest;
  readonly state: TargetState;
  readonly target: NovaTarget;
  readonly release: NovaRelease;
  /** `http://127.0.0.1:8774/@zed`: no trailing slash. */
  readonly origin: string;
  /** `v2.1`, or `v2` for the legacy endpoint. */
  readonly versionSegment: 'v2.1' | 'v2';
  /** The `{project_id}` URL segment when the path had one. */
  readonly projectInPath: string | null;
  readonly legacyV2: boolean;
  /** Effective microversion (2.1 on legacy /v2). */
  readonly version: Microversion;
  readonly caller: Caller;
  readonly params: Readonly<Record<string, string>>;
  /** Parsed body (`parseJsonLikePython`), `null` when empty; `undefined` for GET/DELETE. */
  readonly body: unknown;
  readonly query: URLSearchParams;
}

export type RouteHandler = (call: ApiCall) => Reply;

/** Whether a live-migration microversion switch (bands.ts) is on for this call. */
export function switchOn(call: ApiCall, name: LiveMigrationSwitchName): boolean {
  return hasSwitch(name, call.version, { legacyV2: call.legacyV2 });
}

/** `http://host/v2.1[/<project>]`: base of `self` links. */
export function selfBase(call: ApiCall): string {
  return `${call.origin}/${call.versionSegment}${call.projectInPath === null ? '' : `/${call.projectInPath}`}`;
}

/** `http://host[/<project>]`: base of `bookmark` links (no version segment). */
export function bookmarkBase(call: ApiCall): string {
  return `${call.origin}${call.projectInPath === null ? '' : `/${call.projectInPath}`}`;
}

/** The server as Nova's `common.get_instance` finds it: other projects' servers are invisible to non-admins. */
export function findServer(call: ApiCall, id: string): ServerRecord | undefined {
  const server = call.state.servers.get(id);
  if (!server) return undefined;
  if (!call.caller.isAdmin && server.projectId !== call.caller.projectId) return undefined;
  return server;
}

export const instanceNotFound = (id: string): Reply => faultReply(404, FAULT_MESSAGES.instanceNotFound(id));

/** 403 for a denied policy rule. */
export const policyDenied = (rule: string): Reply => faultReply(403, FAULT_MESSAGES.policyNotAllowed(rule));

/**
 * Every rule the emulator checks besides os-migrateLive is admin-only for a noauth2
 * non-admin (member has no `manager` role, so even the 2025.2+ manager-or-admin defaults deny).
 */
export function requireAdmin(call: ApiCall, rule: string): Reply | undefined {
  return call.caller.isAdmin ? undefined : policyDenied(rule);
}
