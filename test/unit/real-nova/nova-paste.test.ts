/**
 * nova_paste.py (the harness's Python, run with the system python3): the release's own
 * api-paste.ini is used as it is where Nova has noauth2, and gets the stand-in filter in
 * keystone's place where it does not.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { harnessDirectory } from '../../../src/providers/real-nova/harness-directory.js';

// The shape of nova-common's file (the pipelines that matter), 26.2.2 and 33.x alike.
const NOVA_PASTE = `[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = healthcheck cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext osapi_compute_app_v21

[composite:openstack_compute_api_v21_legacy_v2_compatible]
use = call:nova.api.auth:pipeline_factory_v21
keystone = healthcheck cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext legacy_v2_compatible osapi_compute_app_v21

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
`;

function compose(auth: string, text = NOVA_PASTE): string {
  return execFileSync('python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(harnessDirectory())}); import nova_paste; sys.stdout.write(nova_paste.compose(sys.stdin.read(), ${JSON.stringify(auth)}))`], { input: text, encoding: 'utf8' });
}

describe("the harness's api-paste.ini", () => {
  it('is nova-common\'s file unchanged where the release has noauth2', () => {
    expect(compose('noauth2')).toBe(NOVA_PASTE);
  });

  it('puts the stand-in filter where keystone authenticated, in both compute pipelines, where noauth2 is gone', () => {
    const out = compose('stand-in');
    expect(out).toContain('keystone = healthcheck cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler mvmatrix_noauth osapi_compute_app_v21\n');
    expect(out).toContain('osprofiler mvmatrix_noauth legacy_v2_compatible osapi_compute_app_v21\n');
    expect(out).not.toMatch(/keystone = .*authtoken/);
    expect(out).toContain('[filter:mvmatrix_noauth]\npaste.filter_factory = nova_noauth:NoAuthStandIn.factory');
  });

  it('refuses a file without a keystone pipeline to replace, rather than run without auth', () => {
    expect(() => compose('stand-in', '[app:x]\npaste.app_factory = y\n')).toThrow(/no keystone pipeline/);
  });
});
