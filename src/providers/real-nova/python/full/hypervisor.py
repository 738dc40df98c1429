"""The hypervisor under the real libvirt driver: Nova's fake libvirt (nova/tests/fixtures/
libvirt.py; nova/tests/unit/virt/libvirt/fakelibvirt.py before Wallaby), plus what a world of
several compute hosts in ONE process needs to look like several machines to the driver:

* Host identity (host_identity.py): each host sees its own ``CONF.host``, ``CONF.my_ip`` and
  ``CONF.instances_path``.
* Storage. Hosts of one ``sharedStorageGroup`` share one instances directory (NFS, say);
  every other host has its own. The driver's shared-storage pre-checks create and look for
  real files there, so shared vs local storage is what the real checks find.
* A destination whose pre-checks fail. The world names, per host, the
  ``MigrationPreCheckError`` reason its live-migration checks raise
  (``preCheckFailure``); that host's driver raises it from
  ``check_can_live_migrate_destination``, where a real libvirt host refuses (e.g. a CPU it
  cannot run). Everything above the driver (compute manager, RPC, conductor, scheduler
  retries, API) is Nova's.
* Disks. ServersTestBase mocks the image creation away; here each image-backed instance gets
  a sparse ``disk`` file in its host's instances directory (what the block-migration checks
  and ``get_instance_disk_info`` read), and a block migration copies the instance directory
  to the destination's storage, as libvirt copies the disks.
* Live-migration jobs. Fake libvirt's ``migrateToURI3`` always fails; here it starts a job
  that HOLDS at "running" until released (``settle``), then completes on the destination
  (the domain is defined there, as libvirt would). ``abortJob`` cancels a held job as
  libvirt does. The driver's migration monitor polls every 0.5 s of wall clock; its sleep is
  cut short whenever a job changes, so a released migration finishes at once.
"""
import functools
import os
import threading
import time as real_time

import fixtures

from nova import exception
# Nova's fake libvirt, wherever this release keeps it (nova/tests/fixtures/libvirt.py since
# Wallaby, nova/tests/unit/virt/libvirt/fakelibvirt.py before): the module the libvirt
# functional-test base itself uses.
from nova.tests.functional.libvirt.base import fakelibvirt

from .host_identity import HostIdentity

FAKE_LIBVIRT = fakelibvirt.__name__

class HostSpec:
    """One world host as the hypervisor layer needs it."""

    # CONF option -> HostSpec attribute
    PER_HOST = {'host': 'name', 'my_ip': 'host_ip', 'instances_path': 'instances_path'}

    def __init__(self, name, node, host_ip, instances_path, pre_check_failure):
        self.name = name
        self.node = node
        self.host_ip = host_ip
        self.instances_path = instances_path
        self.pre_check_failure = pre_check_failure
        # Set when the host's compute runs: its fake libvirt connection, driver and manager.
        self.connection = None
        self.driver = None
        self.manager = None


def storage_layout(scratch, hosts):
    """``{host name: instances directory}``: one directory per shared-storage group, one per
    host without a group."""
    layout = {}
    for host in hosts:
        group = host.get('shared_storage_group')
        leaf = 'shared-%s' % group if group else 'local-%s' % host['name']
        path = os.path.join(scratch, 'storage', leaf)
        os.makedirs(path, exist_ok=True)
        layout[host['name']] = path
    return layout


class Hypervisor(fixtures.Fixture):
    """Installs the per-host view, the storage layout, the pre-check failures and held
    migration jobs over fake libvirt. Use with ``test.useFixture``."""

    def __init__(self, scratch, hosts):
        super().__init__()
        layout = storage_layout(scratch, hosts)
        self.hosts = {
            h['name']: HostSpec(h['name'], h['node'], h.get('host_ip') or '127.0.0.1', layout[h['name']], h.get('pre_check_failure'))
            for h in hosts
        }
        self.jobs = MigrationJobs(self)

    def setUp(self):
        super().setUp()
        self.identity = self.useFixture(HostIdentity(self.hosts, HostSpec.PER_HOST))
        self._refuse_where_configured()
        self.useFixture(fixtures.MonkeyPatch(FAKE_LIBVIRT + '.Domain.migrateToURI3', self.jobs.migrate_to_uri3))
        self.useFixture(fixtures.MonkeyPatch(FAKE_LIBVIRT + '.Domain.abortJob', self.jobs.abort_job))
        self.useFixture(fixtures.MonkeyPatch('nova.virt.libvirt.driver.time', self.jobs.clock))
        from nova.virt import libvirt as nova_libvirt
        create_image = nova_libvirt.LibvirtDriver._create_image  # ServersTestBase's mock
        create_image.side_effect = self._create_disks
        self.useFixture(fixtures.MonkeyPatch('nova.virt.libvirt.utils.create_image', create_empty_disk))

    def _create_disks(self, *args, **kwargs):
        """Side effect of the mocked ``_create_image``: the instance directory and a sparse root
        disk of the flavor's size on the bound host's storage; nothing for a volume-backed
        instance. Answers what ServersTestBase's mock answered (nothing created by the backend)."""
        from nova import objects
        from nova.virt.libvirt import utils as libvirt_utils
        instance = next((a for a in list(args) + list(kwargs.values()) if isinstance(a, objects.Instance)), None)
        mapping = kwargs.get('disk_mapping')
        if mapping is None:
            mapping = next((a for a in args if isinstance(a, dict) and 'root' in a), {})
        if instance is not None and 'disk' in mapping:
            directory = libvirt_utils.get_instance_path(instance)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, 'disk'), 'ab') as disk:
                disk.truncate(max(instance.flavor.root_gb, 1) * 1024 ** 3)
        return (False, False)

    def _refuse_where_configured(self):
        """A host with a configured pre-check failure refuses live migrations to it in its
        driver's destination checks."""
        from nova.virt.libvirt import driver as libvirt_driver
        checks = libvirt_driver.LibvirtDriver.check_can_live_migrate_destination
        identity = self.identity
        hosts = self.hosts

        @functools.wraps(checks)
        def check_can_live_migrate_destination(driver, *args, **kwargs):
            spec = hosts.get(identity.host_of('driver', driver) or '')
            if spec is not None and spec.pre_check_failure:
                raise exception.MigrationPreCheckError(reason=spec.pre_check_failure)
            return checks(driver, *args, **kwargs)
        self.useFixture(fixtures.MonkeyPatch(
            'nova.virt.libvirt.driver.LibvirtDriver.check_can_live_migrate_destination', check_can_live_migrate_destination))

    def connection_for(self, host_name):
        return self.hosts[host_name].connection

    def host_of_domain(self, domain):
        connection = getattr(domain, '_connection', None)
        return next((spec for spec in self.hosts.values() if spec.connection is connection), None)

    def copy_instance_files(self, instance_uuid, source, destination):
        """What a block migration does to the disks: copies the instance directory from the
        source's storage to the destination's (nothing to do when they share it)."""
        if source is None or destination is None or source.instances_path == destination.instances_path:
            return
        origin = os.path.join(source.instances_path, instance_uuid)
        target = os.path.join(destination.instances_path, instance_uuid)
        if not os.path.isdir(origin):
            return
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(origin):
            path = os.path.join(origin, name)
            if os.path.isfile(path):
                with open(os.path.join(target, name), 'ab') as copy:
                    copy.truncate(os.path.getsize(path))


def create_empty_disk(*args, **kwargs):
    """``libvirt_utils.create_image`` without ``qemu-img``: the empty disk a block migration's
    destination prepares before libvirt copies into it, as a sparse file. The argument order
    changed between releases ((path, format, size) vs (format, path, size)): the path is the
    absolute one, the size the number (or ``<n>G``)."""
    values = list(args) + [kwargs[k] for k in ('path', 'disk_format', 'disk_size', 'size') if k in kwargs]
    path = next(v for v in values if isinstance(v, str) and v.startswith('/'))
    size = next((v for v in values if v is not path and (isinstance(v, int) or (isinstance(v, str) and v[:1].isdigit()))), 0)
    if isinstance(size, str):
        units = {'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3}
        size = int(size[:-1]) * units[size[-1].upper()] if size[-1].upper() in units else int(size)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'ab') as disk:
        disk.truncate(int(size))


class DriverClock:
    """``time`` for the libvirt driver module: the same module, except that ``sleep`` returns as
    soon as a migration job changes (the monitor then sees the change at once, instead of on
    its next 0.5 s poll)."""

    def __init__(self):
        self._changed = threading.Condition()
        self._generation = 0

    def __getattr__(self, name):
        return getattr(real_time, name)

    def sleep(self, seconds):
        if not seconds or seconds <= 0:
            real_time.sleep(0)
            return
        with self._changed:
            generation = self._generation
            self._changed.wait_for(lambda: self._generation != generation, timeout=seconds)

    def notify(self):
        with self._changed:
            self._generation += 1
            self._changed.notify_all()


class MigrationJob:
    def __init__(self, instance_uuid):
        self.instance_uuid = instance_uuid
        self.released = threading.Event()
        self.aborted = False
        self.domain = None


class MigrationJobs:
    """Live-migration jobs of the fake hypervisor, keyed by instance UUID: a job holds at
    "running" until ``release`` (which may also come first: the job then runs straight
    through)."""

    def __init__(self, hypervisor):
        self._hypervisor = hypervisor
        self._lock = threading.Lock()
        self._jobs = {}
        self._prereleased = set()
        self.clock = DriverClock()
        self.on_change = None  # called when a job starts holding or ends

    # -- what the driver calls (patched onto fake libvirt's Domain) --------------------------

    @property
    def migrate_to_uri3(self):
        jobs = self

        def migrateToURI3(domain, dconnuri, params, flags):
            return jobs._run(domain, dconnuri, params)
        return migrateToURI3

    @property
    def abort_job(self):
        jobs = self

        def abortJob(domain):
            jobs._abort(domain)
        return abortJob

    def _run(self, domain, dconnuri, params):
        uuid = domain.UUIDString()
        job = MigrationJob(uuid)
        job.domain = domain
        with self._lock:
            self._jobs[uuid] = job
            if uuid in self._prereleased:
                self._prereleased.discard(uuid)
                job.released.set()
        self._changed(uuid)
        job.released.wait()
        with self._lock:
            self._jobs.pop(uuid, None)
        if job.aborted:
            domain._job_type = fakelibvirt.VIR_DOMAIN_JOB_CANCELLED
            self._changed(uuid)
            raise fakelibvirt.make_libvirtError(
                fakelibvirt.libvirtError,
                'operation aborted: migration out job: canceled by client',
                error_code=getattr(fakelibvirt, 'VIR_ERR_OPERATION_ABORTED', 78),
                error_domain=fakelibvirt.VIR_FROM_QEMU)
        destination_host, destination = self._destination(dconnuri)
        self._hypervisor.copy_instance_files(uuid, self._hypervisor.host_of_domain(domain), destination_host)
        xml = params.get('destination_xml') or domain.XMLDesc(0)
        destination.createXML(xml, 0)
        domain.complete_job()
        self._changed(uuid)

    def _changed(self, instance_uuid):
        self.clock.notify()
        if self.on_change is not None:
            self.on_change(instance_uuid)

    def _destination(self, dconnuri):
        # qemu+tcp://compute-02/system (or any scheme): the host part names the world host.
        rest = dconnuri.split('://', 1)[-1]
        host = rest.split('/', 1)[0].split('@')[-1].split(':')[0]
        spec = self._hypervisor.hosts.get(host)
        connection = spec.connection if spec is not None else None
        if connection is None:
            raise fakelibvirt.make_libvirtError(
                fakelibvirt.libvirtError, 'unable to connect to server at %s' % host,
                error_code=fakelibvirt.VIR_ERR_INTERNAL_ERROR, error_domain=fakelibvirt.VIR_FROM_QEMU)
        return spec, connection

    def _abort(self, domain):
        uuid = domain.UUIDString()
        with self._lock:
            job = self._jobs.get(uuid)
        if job is None:
            return
        job.aborted = True
        job.released.set()
        self.clock.notify()

    # -- what the control API calls -------------------------------------------------------------

    def held(self):
        """UUIDs of the instances whose job is holding at "running"."""
        with self._lock:
            return {uuid for uuid, job in self._jobs.items() if not job.released.is_set()}

    def release(self, instance_uuid):
        """Lets the instance's job finish now, or as soon as it starts."""
        with self._lock:
            job = self._jobs.get(instance_uuid)
            if job is None:
                self._prereleased.add(instance_uuid)
            else:
                job.released.set()
        self.clock.notify()

    def forget(self, instance_uuid):
        """Drops a release given for a job that never came (the migration failed before)."""
        with self._lock:
            self._prereleased.discard(instance_uuid)
