/**
 * How the modelled clients put a live-migration request on the wire: the path, the body
 * wrapper and the two microversion header styles (novaclient's own, keystoneauth's). Pure.
 */
import { compareMicroversions, formatMicroversion, mv, type Microversion } from '../microversion/version.js';
import type { BuildResult, BuiltRequest } from './types.js';

/** Header names as sent, lower-cased (HTTP header names are case-insensitive). */
export const NEW_HEADER_LC = 'openstack-api-version';
export const LEGACY_HEADER_LC = 'x-openstack-nova-api-version';

const NEW_HEADER_SINCE = mv('2.27');

/**
 * novaclient's `api_versions.update_headers`: the legacy header whenever the minor is not 0,
 * `OpenStack-API-Version` only from 2.27. A 2.0 client sends no microversion header at all.
 */
export function novaclientVersionHeaders(version: Microversion): Record<string, string> {
  const text = formatMicroversion(version);
  const headers: Record<string, string> = {};
  if (version.minor !== 0) headers[LEGACY_HEADER_LC] = text;
  if (compareMicroversions(version, NEW_HEADER_SINCE) >= 0) headers[NEW_HEADER_LC] = `compute ${text}`;
  return headers;
}

/** keystoneauth `Session._set_microversion_headers` for service type compute: both headers. */
export function keystoneauthVersionHeaders(version: Microversion | null): Record<string, string> {
  if (version === null) return {};
  const text = formatMicroversion(version);
  return { [NEW_HEADER_LC]: `compute ${text}`, [LEGACY_HEADER_LC]: text };
}

/** `POST /servers/<id>/action` with `{"os-migrateLive": inner}` as every client sends it. */
export function migrateLiveRequest(
  serverId: string,
  inner: Record<string, unknown>,
  versionHeaders: Record<string, string>,
  microversion: Microversion | null,
): BuildResult {
  const request: BuiltRequest = {
    method: 'POST',
    path: `/servers/${serverId}/action`,
    headers: { 'content-type': 'application/json', ...versionHeaders },
    body: { 'os-migrateLive': inner },
  };
  return { kind: 'request', request, microversion: microversion === null ? null : formatMicroversion(microversion) };
}

/** A refusal in the form `<ExceptionClass>: <message>`, as the real client raises it. */
export function refused(exceptionClass: string, message: string): BuildResult {
  return { kind: 'refused', message: `${exceptionClass}: ${message}` };
}
