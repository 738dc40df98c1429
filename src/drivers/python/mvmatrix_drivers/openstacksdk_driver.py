"""openstacksdk: `Connection(session=..., compute_endpoint_override=...)` (one per endpoint
and token, as a script would keep it) and `compute.live_migrate_server(...)`."""
import inspect

from mvmatrix_drivers.protocol import DEFAULT, is_set

PROJECT = "openstacksdk"
DISTRIBUTION = "openstacksdk"
MODULE = "openstack"
LIBRARIES = ("keystoneauth1",)
ENTRYPOINT = "openstack.compute.v2._proxy.Proxy.live_migrate_server"


def live_migrate_kwargs(proxy, host, block, disk, force):
    """The keywords a caller passes for an intent (shared with the proof): host always; each
    option only when the user set it (`block`/`disk` DEFAULT = left out); an explicit
    disk_over_commit=False only where live_migrate_server takes it (4.x; 0.101 has none: asking
    for disk over-commit there is the SDK's own TypeError); `force` None = not set."""
    takes = inspect.signature(proxy.live_migrate_server).parameters
    kwargs = {"host": host}
    if block != DEFAULT:
        kwargs["block_migration"] = block
    if disk is True or (disk is False and "disk_over_commit" in takes):
        kwargs["disk_over_commit"] = disk
    if force is not None:
        kwargs["force"] = force
    return kwargs


class Driver(object):
    def __init__(self, options, sessions):
        import openstack
        self._openstack = openstack
        self._sessions = sessions
        self._connections = {}
        self.entrypoint = ENTRYPOINT

    def live_migrate(self, request):
        key = (request["token"], request["endpoint"])
        conn = self._connections.get(key)
        if conn is None:
            conn = self._openstack.connection.Connection(
                session=self._sessions.for_token(request["token"]),
                compute_endpoint_override=request["endpoint"])
            self._connections[key] = conn
        intent = request["intent"]
        kwargs = live_migrate_kwargs(conn.compute, intent.get("host"), intent.get("blockMigration", DEFAULT),
                                     intent.get("diskOverCommit", DEFAULT),
                                     intent["force"] if is_set(intent, "force") else None)
        conn.compute.live_migrate_server(request["server"], **kwargs)
        return {}
