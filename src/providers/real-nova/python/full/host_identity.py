"""Host identity: several compute hosts in ONE process that each see their own configuration.

In a real cloud every nova-compute is its own process with its own ``CONF.host``,
``CONF.my_ip`` and ``CONF.instances_path``; here they share one ``CONF``. So:

* a thread is *bound* to a world host while it serves that host: while a compute service
  dispatches an RPC message, and while any public method of that host's ``LibvirtDriver``
  runs (the driver is also called from the compute manager's own threads);
* the modules of the compute manager and of the libvirt driver stack read ``CONF`` through
  a :class:`HostView`, which answers ``host``, ``my_ip`` and ``instances_path`` with the
  bound host's values and everything else from the shared ``CONF``.

Nova's code is unchanged; only what it reads differs, as it would between machines. Without
this, Nova's texts would name the last compute started instead of the host concerned (the
InvalidSharedStorage path, 30.x's "Error while check_can_live_migrate_source from <src> to
host <dest>"), and every host would share one instances directory (one storage for all).
"""
import functools
import importlib
import threading

import fixtures

# Modules that read CONF.host / CONF.my_ip / CONF.instances_path for the compute host they run in.
CONF_READERS = (
    'nova.compute.manager',
    'nova.virt.libvirt.driver',
    'nova.virt.libvirt.utils',
    'nova.virt.libvirt.imagebackend',
    'nova.virt.images',
)

_binding = threading.local()


def bound_host():
    """The world host the current thread is acting as, or None."""
    return getattr(_binding, 'host', None)


def run_bound(host, function, /, *args, **kwargs):
    """Calls ``function`` with the thread bound to ``host`` (None: left as it is)."""
    if host is None or bound_host() == host:
        return function(*args, **kwargs)
    previous = bound_host()
    _binding.host = host
    try:
        return function(*args, **kwargs)
    finally:
        _binding.host = previous


class HostView:
    """``CONF`` as one compute host sees it (see the module comment)."""

    def __init__(self, conf, hosts, per_host):
        object.__setattr__(self, '_conf', conf)
        object.__setattr__(self, '_hosts', hosts)
        object.__setattr__(self, '_per_host', per_host)

    def __getattr__(self, name):
        host = bound_host()
        if host is not None and name in self._per_host and host in self._hosts:
            return getattr(self._hosts[host], self._per_host[name])
        return getattr(self._conf, name)


def manager_of(endpoint):
    """The service manager behind an RPC endpoint: 2026.2 wraps every endpoint in
    nova.service._TrackingEndpointWrapper (``_endpoint``), and versioned proxies of the compute
    API hold the manager (``manager``)."""
    for _ in range(4):
        inner = vars(endpoint).get('_endpoint') if hasattr(endpoint, '__dict__') else None
        if inner is None:
            break
        endpoint = inner
    return vars(endpoint).get('manager', endpoint) if hasattr(endpoint, '__dict__') else endpoint


class HostIdentity(fixtures.Fixture):
    """Installs the views and the bindings. ``hosts``: host name → an object with the
    attributes ``per_host`` names (CONF option → attribute) and ``driver``/``manager`` set
    once its compute runs."""

    def __init__(self, hosts, per_host):
        super().__init__()
        self.hosts = hosts
        self.per_host = per_host

    def setUp(self):
        super().setUp()
        from nova import conf as nova_conf
        view = HostView(nova_conf.CONF, self.hosts, self.per_host)
        for module in CONF_READERS:
            importlib.import_module(module)
            self.useFixture(fixtures.MonkeyPatch('%s.CONF' % module, view))
        self._bind_rpc_dispatch()
        self._bind_driver_methods()

    def host_of(self, attribute, value):
        for name, spec in self.hosts.items():
            if getattr(spec, attribute, None) is value:
                return name
        return None

    def _bind_rpc_dispatch(self):
        """A compute service serving an RPC message acts as its host."""
        from oslo_messaging.rpc import dispatcher
        original = dispatcher.RPCDispatcher._do_dispatch
        identity = self

        @functools.wraps(original)
        def _do_dispatch(rpc_dispatcher, endpoint, method, ctxt, args):
            return run_bound(identity.host_of('manager', manager_of(endpoint)), original, rpc_dispatcher, endpoint, method, ctxt, args)
        self.useFixture(fixtures.MonkeyPatch('oslo_messaging.rpc.dispatcher.RPCDispatcher._do_dispatch', _do_dispatch))

    def _bind_driver_methods(self):
        """Every public LibvirtDriver method runs as the host that owns the driver."""
        from nova.virt.libvirt import driver as libvirt_driver
        identity = self

        def bind(method):
            @functools.wraps(method)
            def bound(driver, *args, **kwargs):
                return run_bound(identity.host_of('driver', driver), method, driver, *args, **kwargs)
            return bound

        for name, member in list(vars(libvirt_driver.LibvirtDriver).items()):
            if name.startswith('_') or not callable(member) or isinstance(member, (staticmethod, classmethod, type)):
                continue
            self.useFixture(fixtures.MonkeyPatch('nova.virt.libvirt.driver.LibvirtDriver.%s' % name, bind(member)))
