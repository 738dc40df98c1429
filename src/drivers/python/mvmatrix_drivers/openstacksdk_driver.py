"""openstacksdk: `Connection(session=..., compute_endpoint_override=...)` (one per endpoint
and token, as a script would keep it) and `compute.live_migrate_server(...)`."""
from mvmatrix_drivers.protocol import intent_value, is_set

PROJECT = "openstacksdk"
DISTRIBUTION = "openstacksdk"
MODULE = "openstack"
LIBRARIES = ("keystoneauth1",)
ENTRYPOINT = "openstack.compute.v2._proxy.Proxy.live_migrate_server"


def live_migrate_kwargs(host, block, disk, force):
    """The keywords a caller passes for an intent (shared with the proof): host and
    block_migration always (None = the SDK's default), force when the user set it,
    disk_over_commit only when asked for (0.101 has no such argument: a TypeError)."""
    kwargs = {"host": host, "block_migration": block}
    if force is not None:
        kwargs["force"] = force
    if disk:
        kwargs["disk_over_commit"] = True
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
        kwargs = live_migrate_kwargs(intent.get("host"), intent_value(intent, "blockMigration"),
                                     bool(intent_value(intent, "diskOverCommit")),
                                     intent_value(intent, "force") if is_set(intent, "force") else None)
        conn.compute.live_migrate_server(request["server"], **kwargs)
        return {}
