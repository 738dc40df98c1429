"""python-openstackclient: `openstack server migrate --live-migration ...` run in-process
through `openstackclient.shell.main(argv)`, one command line per request, with the
process-wide client caches reset in between (as a fresh `openstack` process starts)."""
import io
import sys

from mvmatrix_drivers.protocol import NotOffered, is_set

PROJECT = "python-openstackclient"
DISTRIBUTION = "python-openstackclient"
MODULE = "openstackclient"
LIBRARIES = ("python-novaclient", "openstacksdk", "osc-lib", "keystoneauth1")
ENTRYPOINT = "openstackclient.shell.main (server migrate --live-migration)"


class RecordingLog(object):
    """Stands in for MigrateServer.log: keeps the warnings OSC prints."""

    def __init__(self):
        self.warnings = []

    def warning(self, msg, *args):
        self.warnings.append(msg % args if args else msg)

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


class OscShell(object):
    """Runs `openstack <argv>` in this process and reports what the command raised (the
    exception OSC's shell would print) and the warnings it logged. Shared with the proof."""

    def __init__(self):
        from openstackclient import shell as osc_shell
        from openstackclient.compute.v2 import server as server_cmds
        self._shell = osc_shell
        self._server_cmds = server_cmds
        self._state = {}
        state = self._state
        original_take_action = server_cmds.MigrateServer.take_action

        def take_action(cmd, parsed_args):
            try:
                return original_take_action(cmd, parsed_args)
            except Exception as e:  # noqa: BLE001
                state["exc"] = e
                raise

        server_cmds.MigrateServer.take_action = take_action
        try:  # OSC < 7 checks --os-compute-api-version against novaclient here
            from openstackclient.compute import client as compute_client
            original_check = getattr(compute_client, "check_api_version", None)
        except ImportError:
            compute_client, original_check = None, None
        if original_check is not None:
            def check_api_version(version):
                try:
                    return original_check(version)
                except Exception as e:  # noqa: BLE001
                    state["exc"] = e
                    raise
            compute_client.check_api_version = check_api_version
        self._compute_client = compute_client

    def _forget_clients(self):
        # A fresh `openstack` process starts with no cached compute version and no client
        # handles (osc_lib caches them on the ClientManager class).
        from osc_lib import clientmanager as osc_clientmanager
        from openstackclient.common import clientmanager
        if self._compute_client is not None and hasattr(self._compute_client, "_compute_api_version"):
            self._compute_client._compute_api_version = None
        for cls in clientmanager.ClientManager.__mro__:
            for value in list(vars(cls).values()):
                if isinstance(value, osc_clientmanager.ClientCache):
                    value._handle = None

    def has_option(self, option):
        parser = self._server_cmds.MigrateServer(None, None).get_parser("openstack server migrate")
        return any(option in action.option_strings for action in parser._actions)

    def run(self, argv):
        """Returns (exception or None, warnings)."""
        self._state.clear()
        self._forget_clients()
        log = RecordingLog()
        self._server_cmds.MigrateServer.log = log
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        try:
            code = self._shell.main(argv)
        except SystemExit as e:
            code = e.code
        finally:
            captured_err = sys.stderr.getvalue()
            sys.stdout, sys.stderr = stdout, stderr
        exc = self._state.get("exc")
        if exc is None and code not in (0, None):
            exc = RuntimeError("openstack exited with %s: %s" % (code, captured_err[-500:]))
        return exc, log.warnings


def migrate_argv(intent, server):
    """The flags a user types for an intent (as mvmatrix's openstackclientArgv): block migration
    true -> --block-migration, false -> --shared-migration, auto/default -> neither; disk
    over-commit true -> --disk-overcommit, false -> --no-disk-overcommit, default -> neither;
    --host when a host is named."""
    argv = ["server", "migrate", "--live-migration"]
    if intent.get("host") is not None:
        argv += ["--host", intent["host"]]
    block = intent.get("blockMigration")
    if block is True:
        argv.append("--block-migration")
    elif block is False:
        argv.append("--shared-migration")
    disk = intent.get("diskOverCommit")
    if disk is True:
        argv.append("--disk-overcommit")
    elif disk is False:
        argv.append("--no-disk-overcommit")
    return argv


class Driver(object):
    def __init__(self, options, sessions):
        self._osc = OscShell()
        self.api = options.get("api")
        self._has_force = self._osc.has_option("--force")
        self._has_no_force = self._osc.has_option("--no-force")
        self.entrypoint = ENTRYPOINT
        from mvmatrix_drivers.identity import distribution_version
        version = distribution_version(DISTRIBUTION) or "?"
        self._short_version = ".".join(version.split(".")[:2])

    def live_migrate(self, request):
        intent = request["intent"]
        argv = ["--os-auth-type", "admin_token", "--os-endpoint", request["endpoint"], "--os-token", request["token"]]
        if self.api:
            argv += ["--os-compute-api-version", self.api]
        command = migrate_argv(intent, request["server"])
        if is_set(intent, "force"):
            if not self._has_force:
                raise NotOffered("openstack server migrate (OSC %s) has no force option; leave force unset for this profile" % self._short_version)
            if intent["force"]:
                command.append("--force")
            elif self._has_no_force:
                command.append("--no-force")
        argv += command + [request["server"]]
        exc, warnings = self._osc.run(argv)
        if exc is not None:
            exc.mvmatrix_warnings = warnings
            raise exc
        return {"warnings": warnings, "argv": ["openstack"] + [a if a != request["token"] else "<token>" for a in argv]}
