"""The whole Nova control plane in this process, built with Nova's own functional-test
machinery (installed with python3-nova): ``nova.tests.functional.libvirt.base.ServersTestBase``
and the fixtures it uses — in-memory cell databases, the oslo.messaging fake driver, Placement
(python3-placement through wsgi-intercept), fake Neutron, Glance and Cinder, the real libvirt
driver over fake libvirt — used as a library, not run as a test.

What is ours:
* casts stay casts: ``_IntegratedTestBase`` turns every cast into a call
  (``CastAsCallFixture``), which would make the API wait for the whole migration (and answer
  the conductor's failures at 2.34+); a cloud does not, so that fixture sets nothing up;
* no OSAPIFixture: the API is loaded from the harness's ``api-paste.ini`` (the release's own,
  as the API-only mode uses it: noauth2 or its stand-in, ``X-Auth-Token: <user>:<project>``)
  and served on the harness's real TCP port by the release's serving backend;
* one compute service per world host, with the node names of the world, and the hypervisor
  layer of ``hypervisor.py`` (per-host identity and storage, held migration jobs);
* RPC failures come back serialised as a real transport returns them (``messaging.py``);
* the scheduler ranks candidates in the world's order (``weighers.py``);
* configuration a real cloud would have rather than a test's: policy defaults as the
  API-only harness sets them, no limit on concurrent live migrations, no completion timeout
  (a held migration is never aborted by the clock), hosts large enough for thousands of
  servers.
"""
import contextlib
import datetime
import inspect
import logging
import os
import sys
from unittest import mock

import fixtures

from nova import context as nova_context
from nova import objects
import nova.policy
from nova.tests import fixtures as nova_fixtures
from nova.tests.functional.libvirt import base as libvirt_base

from . import weighers
from .hypervisor import Hypervisor
from .messaging import RemoteExceptions

LOG_LEVELS = {'debug': logging.DEBUG, 'info': logging.INFO, 'warning': logging.WARNING, 'error': logging.ERROR}

# Every host is big: the fresh-server-per-cell runs create hundreds of servers.
HOST_MEMORY_KB = 64 * 1024 * 1024  # 64 GiB (x the allocation ratio)
HOST_DISK_GB = 1000000
ALLOCATION_RATIO = 1000.0
# Seconds a down host's nova-compute last reported: long ago.
DOWN_SINCE = datetime.datetime(2000, 1, 1)


class NodeNamedProviders:
    """Placement's test client, except that a lookup of a world host's resource provider by
    name asks for the node's name (what the provider is called)."""

    def __init__(self, client, nodes):
        self._client = client
        self._nodes = nodes

    def __getattr__(self, name):
        return getattr(self._client, name)

    def get(self, url, *args, **kwargs):
        prefix = '/resource_providers?name='
        if url.startswith(prefix) and url[len(prefix):] in self._nodes:
            url = prefix + self._nodes[url[len(prefix):]]
        return self._client.get(url, *args, **kwargs)


def cast_as_call_fixtures():
    """Nova's fixture that turns RPC casts into calls, wherever the release keeps it
    (nova.tests.fixtures.CastAsCallFixture; nova.tests.unit.cast_as_call.CastAsCall before Wallaby)."""
    import importlib
    found = []
    for module, name in (('nova.tests.fixtures', 'CastAsCallFixture'), ('nova.tests.fixtures', 'CastAsCall'),
                         ('nova.tests.unit.cast_as_call', 'CastAsCall')):
        try:
            cls = getattr(importlib.import_module(module), name, None)
        except ImportError:
            cls = None
        if cls is not None and cls not in found:
            found.append(cls)
    if not found:
        raise RuntimeError('no CastAsCall fixture found: casts would stay casts anyway, but the release layout is unknown')
    return found


class ControlPlane(libvirt_base.ServersTestBase):
    """API app, conductor, scheduler, placement and a libvirt compute per world host."""

    def __init__(self, scratch, spec, profile):
        super().__init__('runTest')
        self.scratch = scratch
        self.spec = spec
        self.profile = profile
        self._nodes = {host['name']: host['node'] for host in spec['hosts']}
        self.hypervisor = None
        self.app = None
        self.admin = None
        self.cell = None

    def runTest(self):  # a TestCase needs one; the control plane is never "run"
        pass

    # --- set-up ----------------------------------------------------------------------------

    def setUp(self):
        self.flags(api_paste_config=os.path.join(self.scratch, 'api-paste.ini'), group='wsgi')
        if self.profile.get('auth') == 'noauth2':
            self.flags(auth_strategy='noauth2', group='api')
        # else: the release has no noauth2; the harness's paste puts the stand-in in keystone's place
        # The scheduler (started by the base class) ranks its candidates in the world's order, as
        # the emulator does (weighers.py); weighing by free resources would make the pick depend
        # on what earlier cases left behind.
        weighers.WORLD_ORDER[:] = [host['name'] for host in self.spec['hosts']]
        self.flags(weight_classes=['%s.WorldOrderWeigher' % weighers.__name__], group='filter_scheduler')
        with contextlib.ExitStack() as stack:
            for cls in cast_as_call_fixtures():
                # A fixture that sets nothing up: casts stay casts.
                stack.enter_context(mock.patch.object(cls, 'setUp', fixtures.Fixture.setUp))
            super().setUp()
        quiet_logging()
        self.useFixture(RemoteExceptions())
        self._configure()
        self.hypervisor = self.useFixture(Hypervisor(self.scratch, self.spec['hosts']))
        if not hasattr(nova_fixtures, 'OSBrickFixture'):
            # Before Xena the libvirt test base does not stub os-brick: asking for the volume
            # connector reads the iSCSI initiator through a privsep helper.
            self.useFixture(fixtures.MonkeyPatch(
                'os_brick.initiator.connector.get_connector_properties', fake_connector_properties))
        self._volumes_have_a_driver()
        # ServersTestBase mocks the local disk at 128 GB: make it big.
        from nova.virt import libvirt as nova_libvirt
        nova_libvirt.LibvirtDriver._get_local_gb_info.return_value = {
            'total': HOST_DISK_GB, 'used': 0, 'free': HOST_DISK_GB}
        self.admin = nova_context.get_admin_context()
        self.cell = self.cell_mappings['cell1']
        # start_compute looks the host's resource provider up by the service host's name; the
        # provider is named after the node.
        self.placement = NodeNamedProviders(self.placement, self._nodes)
        for host in self.spec['hosts']:
            self._start_host(host)
        from nova.api import wsgi as nova_api_wsgi
        self.app = nova_api_wsgi.Loader().load_app('osapi_compute')

    def _volumes_have_a_driver(self):
        """Before Wallaby the Cinder fixture's connection info names no volume driver type (its
        tests never booted the libvirt driver from a volume): name libvirt's `fake` one, as the
        later fixture's connection info does for its volumes."""
        from nova.volume import cinder
        fixture_update = cinder.API.attachment_update

        # The fixture's fake is a function (bound to the API object like a method) or, in later
        # releases, a mock around a fixture method (called without the API object).
        takes_api = inspect.isfunction(fixture_update)

        def attachment_update(api, *args, **kwargs):
            attachment = fixture_update(api, *args, **kwargs) if takes_api else fixture_update(*args, **kwargs)
            info = attachment.get('connection_info') if isinstance(attachment, dict) else None
            if isinstance(info, dict) and 'driver_volume_type' not in info:
                info['driver_volume_type'] = 'fake'
            return attachment
        self.useFixture(fixtures.MonkeyPatch('nova.volume.cinder.API.attachment_update', attachment_update))

    def _setup_services(self):
        # _IntegratedTestBase's version also starts a compute and the wsgi-intercept API; the
        # computes are the world's hosts and the API gets a real port.
        self.flags(transport_url=self.cell_mappings['cell1'].transport_url)
        self.conductor = self.start_service('conductor')
        self.scheduler = self._setup_scheduler_service()
        self._setup_compute_service()

    def flags_if_known(self, group=None, **options):
        """Like ``flags``, skipping options this release no longer has (as nova.conf does)."""
        from oslo_config import cfg
        for name, value in options.items():
            try:
                self.flags(group=group, **{name: value})
            except cfg.NoSuchOptError:
                pass

    def _configure(self):
        # As the API-only harness's nova.conf (oslo.policy of 2026.2 no longer has enforce_scope).
        self.flags_if_known(enforce_scope=False, enforce_new_defaults=False, group='oslo_policy')
        nova.policy.reset()
        nova.policy.init(suppress_deprecation_warnings=True)
        self.flags(max_concurrent_live_migrations=0)
        self.flags(live_migration_completion_timeout=0, group='libvirt')
        self.flags(cpu_allocation_ratio=ALLOCATION_RATIO, ram_allocation_ratio=ALLOCATION_RATIO,
                   disk_allocation_ratio=ALLOCATION_RATIO)
        self.flags(instances=-1, cores=-1, ram=-1, group='quota')
        # Liveness is the servicegroup's: a host is down when it has not reported for this long.
        # Up hosts report every report_interval; a year keeps them up on a loaded machine.
        self.flags(service_down_time=365 * 24 * 3600)
        # Guards: no call should ever wait this long (the held jobs never block a call).
        self.flags(rpc_response_timeout=120, long_rpc_timeout=300)

    def _start_host(self, host):
        """A nova-compute for one world host, started by Nova's own ``start_compute`` (which
        knows what each release needs: the fake connection, a node UUID per host, …), over a
        fake libvirt whose host name is the world's node name (see ``_get_connection``)."""
        self.start_compute(hostname=host['name'])
        compute = self.computes[host['name']]
        spec = self.hypervisor.hosts[host['name']]
        spec.connection = compute.manager.driver._host.get_connection()
        spec.driver = compute.manager.driver
        spec.manager = compute.manager
        if not host.get('up', True):
            self._take_down(compute, host['name'])

    def _get_connection(self, *args, **kwargs):
        """Nova's fake connection for a world host: big enough for thousands of servers, and
        named after the world's node (`compute-01.local`), which Nova records as the
        hypervisor_hostname; ``start_compute`` passes the service host name."""
        arguments = inspect.signature(super()._get_connection).bind(*args, **kwargs).arguments
        host = arguments.get('hostname')
        if host in self._nodes:
            arguments['hostname'] = self._nodes[host]
            arguments['host_info'] = arguments.get('host_info') or libvirt_base.fakelibvirt.HostInfo(
                cpu_nodes=1, cpu_sockets=1, cpu_cores=2, cpu_threads=2, kB_mem=HOST_MEMORY_KB)
        return super()._get_connection(**arguments)

    def _take_down(self, compute, name):
        """The host's nova-compute stops (no more RPC, no more reports) and its last report is
        long ago: the servicegroup calls it down, as for a crashed compute."""
        compute.stop()
        with nova_context.target_cell(self.admin, self.cell) as cctxt:
            service = objects.Service.get_by_compute_host(cctxt, name)
            service.last_seen_up = DOWN_SINCE
            service.save()

    def forget_notifications(self):
        """The notification fixture keeps every notification; a long-running oracle must not."""
        notifier = getattr(self, 'notifier', None)
        if notifier is not None:
            notifier.reset()
        else:  # before Xena: nova.tests.unit.fake_notifier
            from nova.tests.unit import fake_notifier
            fake_notifier.reset()

    def cell_context(self):
        return nova_context.target_cell(self.admin, self.cell)


def fake_connector_properties(root_helper, my_ip, multipath, enforce_multipath, host=None, execute=None):
    """What os-brick reports for a host without iSCSI/FC hardware (as Nova's OSBrickFixture)."""
    return {'ip': my_ip, 'host': host, 'multipath': multipath, 'platform': 'x86_64', 'os_type': 'linux',
            'initiator': 'iqn.2004-10.org.mvmatrix:%s' % host, 'do_local_attach': False}


def quiet_logging():
    """Nova's StandardLogging keeps every record in memory and formats every DEBUG one (a test
    wants that; a long-running oracle does not). Send WARNING and up (or
    MVMATRIX_NOVA_LOG_LEVEL) to stderr, i.e. the harness log, instead."""
    level = LOG_LEVELS.get(os.environ.get('MVMATRIX_NOVA_LOG_LEVEL', 'warning').lower(), logging.WARNING)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter('%(asctime)s %(levelname)s [%(name)s] %(message)s'))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)
