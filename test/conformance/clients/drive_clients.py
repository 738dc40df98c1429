#!/usr/bin/python3
"""Drive a REAL OpenStack client over many live-migration cases in one process.

Reads {"client": "...", "cases": [...]} as JSON on stdin and prints one JSON line per
case: {"id": <server id>, "raised": null | {"type": ..., "message": ...}}. The HTTP
requests themselves are recorded by the capture server of the calling test.

Clients: novaclient (library at a fixed version), openstacksdk, openstackclient (the
`openstack` shell, in-process), horizon (Horizon's LiveMigrateForm.handle, optionally
with the 60455e5ff pieces applied).
"""
import json
import logging
import os
import sys
import warnings

# The per-client calls are shared with mvmatrix's real-client drivers (src/drivers/python).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "src", "drivers", "python"))
from mvmatrix_drivers.horizon_driver import setup_django  # noqa: E402
from mvmatrix_drivers.novaclient_driver import discover_latest, live_migrate_call  # noqa: E402
from mvmatrix_drivers.openstackclient_driver import OscShell  # noqa: E402
from mvmatrix_drivers.openstacksdk_driver import live_migrate_kwargs  # noqa: E402

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)


def emit(case, exc, warnings_logged=None):
    raised = None
    if exc is not None:
        raised = {"type": type(exc).__name__, "message": str(exc)}
    result = {"id": case["id"], "raised": raised}
    if warnings_logged:
        result["warnings"] = warnings_logged
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def noauth_session():
    from keystoneauth1 import noauth
    from keystoneauth1 import session as ksession
    return ksession.Session(auth=noauth.NoAuth())


def run_novaclient(cases):
    from novaclient import api_versions
    from novaclient import client as nova_client
    sess = noauth_session()
    for case in cases:
        exc = None
        try:
            version = case["version"]
            if version == "latest":
                version = discover_latest(nova_client, api_versions, sess, case["endpoint"])
            nc = nova_client.Client(version, session=sess,
                                    endpoint_override=case["endpoint"])
            live_migrate_call(nc, version, case["id"], case["host"], case["block"],
                              case["disk"], case["force"])
        except Exception as e:  # noqa: BLE001 - report whatever the client raises
            exc = e
        emit(case, exc)


def run_openstacksdk(cases):
    import openstack
    conns = {}
    for case in cases:
        exc = None
        try:
            conn = conns.get(case["endpoint"])
            if conn is None:
                conn = openstack.connection.Connection(
                    session=noauth_session(),
                    compute_endpoint_override=case["endpoint"])
                conns[case["endpoint"]] = conn
            conn.compute.live_migrate_server(
                case["id"], **live_migrate_kwargs(case["host"], case["block"], case["disk"], case["force"]))
        except Exception as e:  # noqa: BLE001
            exc = e
        emit(case, exc)


def run_openstackclient(cases):
    shell = OscShell()
    for case in cases:
        argv = ["--os-auth-type", "none", "--os-endpoint", case["endpoint"]]
        exc, logged = shell.run(argv + case["argv"])
        emit(case, exc, logged)


class _Messages(object):
    def __init__(self):
        self.added = []

    def add(self, level, message, extra_tags=""):
        self.added.append(message)


class _Request(object):
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._messages = _Messages()
        self.session = {}
        self.META = {}


def run_horizon(cases):
    setup_django()
    from novaclient import client as nova_client
    from openstack_dashboard.api import _nova
    from openstack_dashboard.api import microversions
    from openstack_dashboard.api import nova
    from openstack_dashboard.dashboards.admin.instances import forms

    sess = noauth_session()

    def cached_novaclient(request, version=None):
        # As Horizon's own cached_novaclient (version resolution, endpoint), but with a
        # no-auth keystoneauth session instead of a Keystone token.
        if version is None:
            version = _nova.VERSIONS.get_active_version()["version"]
        return nova_client.Client(version, session=sess,
                                  endpoint_override=request.endpoint)

    _nova.cached_novaclient = cached_novaclient

    legacy_live_migrate = nova.server_live_migrate

    def server_live_migrate_60455e5ff(request, instance_id, host,
                                      block_migration=False,
                                      disk_over_commit=False):
        # openstack/horizon commit 60455e5ff: ask for the live_migrate feature's
        # microversion, then the same positional call.
        microversion = nova.get_microversion(request, "live_migrate")
        _nova.novaclient(request, version=microversion).servers.live_migrate(
            instance_id, host, block_migration, disk_over_commit)

    state = {}

    def recording(fn):
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # noqa: BLE001
                state["exc"] = e
                raise
        return wrapper

    for case in cases:
        state.clear()
        if case["horizon"] == "60455e5ff":
            microversions.MICROVERSION_FEATURES["nova"]["live_migrate"] = ["2.30"]
            nova.server_live_migrate = recording(server_live_migrate_60455e5ff)
        else:
            microversions.MICROVERSION_FEATURES["nova"].pop("live_migrate", None)
            nova.server_live_migrate = recording(legacy_live_migrate)
        request = _Request(case["endpoint"])
        data = {
            "instance_id": case["id"],
            "host": "AUTO_SCHEDULE" if case["host"] is None else case["host"],
            "block_migration": case["block"],
            "disk_over_commit": case["disk"],
        }
        try:
            forms.LiveMigrateForm.handle(None, request, data)
        except Exception:  # noqa: BLE001 - exceptions.handle redirects; the cause is in state
            pass
        emit(case, state.get("exc"))


def main():
    spec = json.load(sys.stdin)
    runners = {
        "novaclient": run_novaclient,
        "openstacksdk": run_openstacksdk,
        "openstackclient": run_openstackclient,
        "horizon": run_horizon,
    }
    runners[spec["client"]](spec["cases"])


if __name__ == "__main__":
    main()
