/**
 * The two configuration files the real Nova API reads: `nova.conf` and our own
 * `api-paste.ini` (Nova's routing from its fact sheet §1.7, written here so no file of the
 * nova-common package is needed or copied). Pure string builders.
 */

/**
 * Seconds a blocking RPC call (live migration below 2.34) waits for the absent conductor.
 * 0 makes oslo.messaging give up at once: the same 500 MessagingTimeout, without the wait.
 */
export const REAL_NOVA_RPC_TIMEOUT_SECONDS = 0;

/**
 * Nova's URL map: `/` version list, `/v2` and `/v2.1` version documents, `/v2/...` through
 * the legacy-v2 wrapper, `/v2.1/...` the API. Only the middleware that changes what a client
 * sees is kept (request ids, fault wrapper, body size limit, noauth2); CORS, proxy headers,
 * request logging and osprofiler do nothing for loopback requests without those headers.
 */
export function apiPasteIni(): string {
  return `# Written by mvmatrix (src/providers/real-nova/harness-config.ts); not Nova's own file.
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: versions_pipeline
/v2: legacy_v2_version_pipeline
/v2.1: v21_version_pipeline
/v2/+: legacy_v2_api
/v2.1/+: v21_api

[composite:v21_api]
use = call:nova.api.auth:pipeline_factory_v21
noauth2 = compute_req_id faultwrap sizelimit noauth2 compute_app

[composite:legacy_v2_api]
use = call:nova.api.auth:pipeline_factory_v21
noauth2 = compute_req_id faultwrap sizelimit noauth2 legacy_v2_compatible compute_app

[pipeline:versions_pipeline]
pipeline = faultwrap versions_app

[pipeline:v21_version_pipeline]
pipeline = compute_req_id faultwrap v2_version_app

[pipeline:legacy_v2_version_pipeline]
pipeline = compute_req_id faultwrap legacy_v2_compatible v2_version_app

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[filter:legacy_v2_compatible]
paste.filter_factory = nova.api.openstack:LegacyV2CompatibleWrapper.factory

[app:compute_app]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[app:versions_app]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory

[app:v2_version_app]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
`;
}

/**
 * `nova.conf` for an API-only Nova: in-memory messaging (nothing consumes casts), sqlite
 * databases in `dir`, noauth2, old-style policy defaults (admin is admin), a tiny RPC timeout
 * so calls to the missing conductor fail at once instead of after half an hour, no fsync per
 * commit (throw-away databases), and Neutron without auth (the harness points
 * `endpoint_override` at its fake Neutron at run time).
 */
export function novaConf(dir: string, rpcTimeoutSeconds: number = REAL_NOVA_RPC_TIMEOUT_SECONDS): string {
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
auth_strategy = noauth2

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
