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
            # The caller convention the novaclient@<v> profile models: host and
            # block_migration positionally, disk_over_commit positionally where the
            # band's signature has it, otherwise as a keyword only when asked for;
            # force as a keyword whenever the user set it.
            args = [case["id"], case["host"], case["block"]]
            kwargs = {}
            if version_tuple(version) <= (2, 24):
                args.append(case["disk"])
            elif case["disk"]:
                kwargs["disk_over_commit"] = True
            if case["force"] is not None:
                kwargs["force"] = case["force"]
            nc.servers.live_migrate(*args, **kwargs)
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
            kwargs = {"host": case["host"], "block_migration": case["block"]}
            if case["force"] is not None:
                kwargs["force"] = case["force"]
            if case["disk"]:
                kwargs["disk_over_commit"] = True
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
    original_check = compute_client.check_api_version

    def take_action(self, parsed_args):
        try:
            return original_take_action(self, parsed_args)
        except Exception as e:  # noqa: BLE001
            state["exc"] = e
            raise

    def check_api_version(version):
        try:
            return original_check(version)
        except Exception as e:  # noqa: BLE001
            state["exc"] = e
            raise

    class RecordingLog(object):
        """Stands in for MigrateServer.log: keeps the warnings OSC prints."""

        def __init__(self):
            self.warnings = []

        def warning(self, msg, *args):
            self.warnings.append(msg % args if args else msg)

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    server_cmds.MigrateServer.take_action = take_action
    compute_client.check_api_version = check_api_version
    from osc_lib import clientmanager as osc_clientmanager
    from openstackclient.common import clientmanager

    def forget_clients():
        # A fresh `openstack` process starts with no cached compute version and no
        # client handles (osc_lib caches them on the ClientManager class).
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
            sys.stdout, sys.stderr = stdout, stderr
        exc = state.get("exc")
        if exc is None and code not in (0, None):
            exc = RuntimeError("openstack exited with %s" % code)
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
