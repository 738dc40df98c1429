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
import inspect
import json
import logging
import os
import sys
import warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)

DEFAULT = "default"


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


def version_tuple(text):
    major, minor = text.split(".")
    return int(major), int(minor)


def noauth_session():
    from keystoneauth1 import noauth
    from keystoneauth1 import session as ksession
    return ksession.Session(auth=noauth.NoAuth())


def run_novaclient(cases):
    from novaclient import api_versions
    from novaclient import client as nova_client
    from novaclient.v2 import servers
    sess = noauth_session()
    for case in cases:
        exc = None
        try:
            version = case["version"]
            if version == "latest":
                # As the nova shell: discover with a 2.0 client, then 2.latest.
                probe = nova_client.Client("2.0", session=sess,
                                           endpoint_override=case["endpoint"])
                version = api_versions.discover_version(
                    probe, api_versions.APIVersion("2.latest")).get_string()
            nc = nova_client.Client(version, session=sess,
                                    endpoint_override=case["endpoint"])
            server = servers.Server(nc.servers, {"id": case["id"]}, loaded=True)
            # host always; each option only when the user set it. An explicit
            # disk_over_commit=False only where the band's method takes it.
            kwargs = {"host": case["host"]}
            if case["block"] != DEFAULT:
                kwargs["block_migration"] = case["block"]
            if case["disk"] is True or (
                    case["disk"] is False and version_tuple(version) <= (2, 24)):
                kwargs["disk_over_commit"] = case["disk"]
            if case["force"] is not None:
                kwargs["force"] = case["force"]
            server.live_migrate(**kwargs)
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
            takes = inspect.signature(conn.compute.live_migrate_server).parameters
            kwargs = {"host": case["host"]}
            if case["block"] != DEFAULT:
                kwargs["block_migration"] = case["block"]
            if case["disk"] is True or (
                    case["disk"] is False and "disk_over_commit" in takes):
                kwargs["disk_over_commit"] = case["disk"]
            if case["force"] is not None:
                kwargs["force"] = case["force"]
            conn.compute.live_migrate_server(case["id"], **kwargs)
        except Exception as e:  # noqa: BLE001
            exc = e
        emit(case, exc)


def run_openstackclient(cases):
    import io
    from openstackclient import shell as osc_shell
    from openstackclient.compute import client as compute_client
    from openstackclient.compute.v2 import server as server_cmds

    state = {}
    original_take_action = server_cmds.MigrateServer.take_action

    def take_action(self, parsed_args):
        try:
            return original_take_action(self, parsed_args)
        except Exception as e:  # noqa: BLE001
            state["exc"] = e
            raise

    server_cmds.MigrateServer.take_action = take_action
    # OSC <= 6 range-checks --os-compute-api-version here (a CommandError before the
    # command runs); OSC 7.x has no such function, OSC 10 one that accepts anything.
    original_check = getattr(compute_client, "check_api_version", None)
    if original_check is not None:
        def check_api_version(version):
            try:
                return original_check(version)
            except Exception as e:  # noqa: BLE001
                state["exc"] = e
                raise
        compute_client.check_api_version = check_api_version

    class RecordingLog(object):
        """Stands in for MigrateServer.log: keeps the warnings OSC prints."""

        def __init__(self):
            self.warnings = []

        def warning(self, msg, *args):
            self.warnings.append(msg % args if args else msg)

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    from osc_lib import clientmanager as osc_clientmanager
    from openstackclient.common import clientmanager

    def forget_clients():
        # A fresh `openstack` process starts with no cached compute version and no
        # client handles (osc_lib caches them on the ClientManager class).
        if hasattr(compute_client, "_compute_api_version"):
            compute_client._compute_api_version = None
        for cls in clientmanager.ClientManager.__mro__:
            for value in list(vars(cls).values()):
                if isinstance(value, osc_clientmanager.ClientCache):
                    value._handle = None

    for case in cases:
        state.clear()
        forget_clients()
        log = RecordingLog()
        server_cmds.MigrateServer.log = log
        argv = ["--os-auth-type", "none", "--os-endpoint", case["endpoint"]]
        argv += case["argv"]
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        try:
            code = osc_shell.main(argv)
        except SystemExit as e:
            code = e.code
        finally:
            captured_err = sys.stderr.getvalue()
            sys.stdout, sys.stderr = stdout, stderr
        exc = state.get("exc")
        if exc is None and code not in (0, None):
            exc = RuntimeError("openstack exited with %s: %s" % (code, captured_err[-500:]))
        emit(case, exc, log.warnings)


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
