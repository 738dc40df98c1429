/**
 * Nova's `noauth2` middleware (`nova/api/openstack/auth.py` NoAuthMiddleware): the token is
 * `<user>:<project>` (project defaults to the user), user `admin` is admin; without a token
 * the answer is 204 with a fake token, not 401. Pure.
 */
import type { HttpRequest, RequestHeaders } from '../http/message.js';
import type { Caller } from './world-types.js';
import type { Reply } from './routes/respond.js';

/** The caller of a request, or `undefined` when it has no `X-Auth-Token`. */
export function authenticate(headers: RequestHeaders): Caller | undefined {
  const token = headers['x-auth-token'];
  if (token === undefined) return undefined;
  const colon = token.indexOf(':');
  const userId = colon < 0 ? token : token.slice(0, colon);
  const project = colon < 0 ? '' : token.slice(colon + 1);
  return { userId, projectId: project || userId, isAdmin: userId === 'admin' };
}

/**
 * noauth2's answer to a request without a token: 204, `X-Auth-Token: <X-Auth-User|admin>:<X-Auth-Project-Id|admin>`
 * and `X-Server-Management-Url` = the request URL (no trailing slash) + `/<project>`.
 */
export function noTokenResponse(request: HttpRequest, origin: string, versionSegment: 'v2.1' | 'v2', apiPath: string): Reply {
  const user = request.headers['x-auth-user'] ?? 'admin';
  const project = request.headers['x-auth-project-id'] ?? 'admin';
  const url = `${origin}/${versionSegment}${apiPath}${request.query === '' ? '' : `?${request.query}`}`.replace(/\/+$/, '');
  return {
    kind: 'raw',
    status: 204,
    headers: [
      ['Content-Type', 'text/plain; charset=UTF-8'],
      ['X-Auth-Token', `${user}:${project}`],
      ['X-Server-Management-Url', `${url}/${project}`],
    ],
    body: '',
  };
}
