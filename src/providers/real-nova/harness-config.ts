/**
 * `nova.conf` of the real Nova API the harness runs. (`api-paste.ini` is the release's own,
 * from nova-common of the same version; nova_paste.py adapts it where noauth2 is gone.)
 * Pure string builder.
 */
import type { HarnessProfile } from './debian-releases.js';

/**
 * Seconds a blocking RPC call (live migration below 2.34) waits for the absent conductor.
 * 0 makes oslo.messaging give up at once: the same 500 MessagingTimeout, without the wait.
 */
export const REAL_NOVA_RPC_TIMEOUT_SECONDS = 0;

/**
 * `nova.conf` for an API-only Nova: in-memory messaging (nothing consumes casts), sqlite
 * databases in `dir`, noauth2 (or its stand-in, see the profile), old-style policy defaults (admin is admin), a tiny RPC timeout
 * so calls to the missing conductor fail at once instead of after half an hour, no fsync per
 * commit (throw-away databases), and Neutron without auth (the harness points
 * `endpoint_override` at its fake Neutron at run time).
 */
export function novaConf(dir: string, profile: Pick<HarnessProfile, 'auth'>, rpcTimeoutSeconds: number = REAL_NOVA_RPC_TIMEOUT_SECONDS): string {
  const sqlite = (name: string): string => `sqlite:///${dir}/${name}`;
  return `# Written by mvmatrix (src/providers/real-nova/harness-config.ts).
[DEFAULT]
transport_url = fake://
host = mvmatrix-nova-api
state_path = ${dir}
my_ip = 127.0.0.1
debug = false
use_stderr = true
rpc_response_timeout = ${rpcTimeoutSeconds}
long_rpc_timeout = ${rpcTimeoutSeconds}
# No nova-compute ever reports in: a 10-year window keeps the seeded services "up" (the
# harness dates a down service's last report in 2000).
service_down_time = 315360000

[api]
${profile.auth === 'noauth2' ? 'auth_strategy = noauth2' : '# no auth_strategy: this release has only keystone; the harness puts a noauth2 stand-in in its place'}

[api_database]
connection = ${sqlite('nova_api.sqlite')}
sqlite_synchronous = false

[database]
connection = ${sqlite('nova.sqlite')}
sqlite_synchronous = false

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false

[oslo_concurrency]
lock_path = ${dir}/locks

[neutron]
auth_type = none
endpoint_override = http://127.0.0.1:9/

[wsgi]
api_paste_config = ${dir}/api-paste.ini
`;
}
