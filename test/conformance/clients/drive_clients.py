"""Drive a REAL OpenStack client over many live-migration cases in one process.

Runs under the Python of the Debian suite whose clients are being proven (the host's, or a
root's via chroot), so it is written for Python 3.9 … 3.14 and for every client release
Debian ships (novaclient 17.2.1 … 18.13.1, openstacksdk 0.50 … 4.20, openstackclient
5.4 … 10.3, Horizon 18.6.2 … 27.0.0).

Reads {"client": "...", "cases": [...]} as JSON on stdin. Prints first one line
{"versions": {...}} (what is installed), then one JSON line per case:
{"id": <server id>, "raised": null | {"type": ..., "message": ...}, "warnings": [...]}. The
HTTP requests themselves are recorded by the calling test's capture server.

Each client is called the way its mvmatrix profile says (docs/request-builders.md):
- novaclient: Client(version) ("latest": discover_version(2.latest) as the nova shell), then
  the resource method server.live_migrate(host=..., <options the user set>);
- openstacksdk: conn.compute.live_migrate_server(server, host=..., <options the user set>);
- openstackclient: the `openstack` shell in-process with the given argv;
- horizon: the admin LiveMigrateForm.handle as shipped (no patch), on a no-auth session.
"""
import json
import logging
import os
import sys
import warnings

# The per-client calls are shared with mvmatrix's real-client drivers: python-driver.ts puts
# src/drivers/python/mvmatrix_drivers in front of this program as in-memory modules.
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


def installed_versions():
    try:
        from importlib import metadata
    except ImportError:  # pragma: no cover - every suite has it
        return {}
    out = {"python": "%d.%d.%d" % sys.version_info[:3]}
    for dist in ("python-novaclient", "openstacksdk", "python-openstackclient",
                 "horizon", "keystoneauth1"):
        try:
            out[dist] = metadata.version(dist)
        except Exception:  # noqa: BLE001 - not installed
            out[dist] = None
    return out


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
                case["id"], **live_migrate_kwargs(conn.compute, case["host"], case["block"],
                                                  case["disk"], case["force"]))
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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openstack_dashboard.settings")
    import django
    django.setup()
    from novaclient import client as nova_client
    from openstack_dashboard.api import _nova
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

    state = {}
    shipped_live_migrate = nova.server_live_migrate

    def recording(*args, **kwargs):
        try:
            return shipped_live_migrate(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            state["exc"] = e
            raise

    nova.server_live_migrate = recording

    for case in cases:
        state.clear()
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
    sys.stdout.write(json.dumps({"versions": installed_versions()}) + "\n")
    runners = {
        "novaclient": run_novaclient,
        "openstacksdk": run_openstacksdk,
        "openstackclient": run_openstackclient,
        "horizon": run_horizon,
    }
    runners[spec["client"]](spec["cases"])


if __name__ == "__main__":
    main()
