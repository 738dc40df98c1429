"""python-novaclient: `Client(version, session=..., endpoint_override=...)` and the server's
`live_migrate(...)`, at a fixed API version or `latest` (the nova shell's
`discover_version(client, "2.latest")`, once per endpoint)."""
from mvmatrix_drivers.protocol import DEFAULT, is_set

PROJECT = "python-novaclient"
DISTRIBUTION = "python-novaclient"
MODULE = "novaclient"
LIBRARIES = ("keystoneauth1",)
ENTRYPOINT = "novaclient.v2.servers.Server.live_migrate"


def version_tuple(text):
    major, minor = text.split(".")
    return int(major), int(minor)


def live_migrate_call(nc, version, server_id, host, block, disk, force):
    """The caller convention mvmatrix's novaclient profiles model (shared with the proof):
    the resource method `server.live_migrate(host=..., <options the user set>)`; `block` and
    `disk` are left out when DEFAULT, an explicit disk_over_commit=False is passed only where
    the band's method takes it (2.0-2.24); `force` when the user set it (None = not set)."""
    from novaclient.v2 import servers
    server = servers.Server(nc.servers, {"id": server_id}, loaded=True)
    kwargs = {"host": host}
    if block != DEFAULT:
        kwargs["block_migration"] = block
    if disk is True or (disk is False and version_tuple(version) <= (2, 24)):
        kwargs["disk_over_commit"] = disk
    if force is not None:
        kwargs["force"] = force
    return server.live_migrate(**kwargs)


def discover_latest(nova_client, api_versions, session, endpoint):
    """What the nova shell does: a 2.0 client, then discover_version(..., 2.latest)."""
    probe = nova_client.Client("2.0", session=session, endpoint_override=endpoint)
    return api_versions.discover_version(probe, api_versions.APIVersion("2.latest")).get_string()


class Driver(object):
    def __init__(self, options, sessions):
        from novaclient import api_versions
        from novaclient import client as nova_client
        self._api_versions = api_versions
        self._nova_client = nova_client
        self._sessions = sessions
        self.api = options.get("api") or "latest"
        self._discovered = {}
        self._clients = {}
        self.entrypoint = ENTRYPOINT

    def _version_for(self, session, endpoint):
        if self.api != "latest":
            return self.api
        version = self._discovered.get(endpoint)
        if version is None:
            version = discover_latest(self._nova_client, self._api_versions, session, endpoint)
            self._discovered[endpoint] = version
        return version

    def live_migrate(self, request):
        session = self._sessions.for_token(request["token"])
        endpoint = request["endpoint"]
        version = self._version_for(session, endpoint)
        key = (request["token"], endpoint, version)
        nc = self._clients.get(key)
        if nc is None:
            nc = self._nova_client.Client(version, session=session, endpoint_override=endpoint)
            self._clients[key] = nc
        intent = request["intent"]
        live_migrate_call(nc, version, request["server"], intent.get("host"),
                          intent.get("blockMigration", DEFAULT), intent.get("diskOverCommit", DEFAULT),
                          intent["force"] if is_set(intent, "force") else None)
        return {"microversion": version}
