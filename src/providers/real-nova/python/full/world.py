"""The mvmatrix world, created through the real services: every server is booted through the
API (scheduler → placement → conductor → the libvirt compute of its host), then brought into
its template's state with the API action a user would use:

| template state            | how                                                            |
|---------------------------|----------------------------------------------------------------|
| active                    | boot on the template's host (``host`` at 2.74)                 |
| paused / stopped          | ``pause`` / ``os-stop``                                        |
| error                     | ``os-resetState`` ``{"state": "error"}``                       |
| locked                    | ``lock`` (by admin, as the API-only harness seeds it)          |
| volume-backed             | boot from a (fake Cinder) volume, no image, no local disk      |
| a live migration running  | ``os-migrateLive`` to the template's destination; the fake     |
|                           | hypervisor holds its job at "running" (``hypervisor.py``)      |
| never launched            | the one state no API produces (vm_state active without         |
|                           | ``launched_at``): boot, then clear ``launched_at`` on the      |
|                           | Instance object                                                |

World servers keep the emulator's fixed UUIDs: while the API creates one, the UUID Nova
generates for the new instance is the world's (``nova.compute.api``'s ``uuidutils``; every
other UUID is Nova's own).

Waiting is in-process and event-driven: every save of an Instance or Migration object
signals ``StateChanges``, and a waiter re-reads the cell database only then (or after a
second, as a safety net); nothing polls on a fixed wall-clock period.
"""
import collections
import contextlib
import json
import resource
import sys
import threading
import time
import uuid as uuidlib

import fixtures
import webob

from nova import context as nova_context
from nova import objects

from .pending_actions import PendingActions

# The image the Glance fixture serves first (and the API-only harness's image_ref).
IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
FLAVOR_ID = 'mvmatrix-small'
BOOT_MICROVERSION = '2.74'  # `host` in POST /servers
MIGRATE_MICROVERSION = '2.30'  # a named, forced destination for the `migrating` template
TERMINAL_MIGRATION_STATUSES = frozenset(
    ['completed', 'error', 'failed', 'cancelled', 'done', 'finished', 'confirmed', 'reverted'])
# A hang guard only (every wait is woken by a state change): a loaded 2-core machine must not
# hit it (Hibiscus under a load average of 10 took over 120 s to end one migration).
WAIT_SECONDS = 1200.0
# Fresh servers kept at most (the oldest are deleted through the API, like the emulator's
# maxFreshServers): Nova's resource tracker reads every allocation on a host at each claim, so
# a host with hundreds of servers makes every boot slower.
FRESH_SERVER_CAP = 48
# A waiter re-checks at least this often even without a signal.
RECHECK_SECONDS = 1.0


class WorldError(Exception):
    """A world server could not be brought into its template state."""


class PinnedUuids:
    """``uuidutils`` for ``nova.compute.api`` that hands out a chosen UUID to the next instance
    created by the current thread (and Nova's own UUIDs otherwise)."""

    def __init__(self, real):
        self._real = real
        self._local = threading.local()

    def __getattr__(self, name):
        return getattr(self._real, name)

    def generate_uuid(self, *args, **kwargs):
        pinned = getattr(self._local, 'pinned', None)
        if pinned is not None:
            self._local.pinned = None
            return pinned
        return self._real.generate_uuid(*args, **kwargs)

    @contextlib.contextmanager
    def pin(self, value):
        self._local.pinned = value
        try:
            yield
        finally:
            self._local.pinned = None


class Api:
    """Calls the API app in-process, with the noauth2 token every client uses."""

    def __init__(self, app, project_id):
        self.app = app
        self.project_id = project_id

    def call(self, method, path, body=None, microversion='2.1', user='admin'):
        request = webob.Request.blank('/v2.1' + path, method=method)
        request.headers['X-Auth-Token'] = '%s:%s' % (user, self.project_id)
        request.headers['OpenStack-API-Version'] = 'compute %s' % microversion
        request.headers['X-OpenStack-Nova-API-Version'] = microversion
        if body is not None:
            request.body = json.dumps(body).encode()
            request.content_type = 'application/json'
        response = request.get_response(self.app)
        text = response.body.decode('utf-8', 'replace')
        return response.status_int, (json.loads(text) if text.strip().startswith('{') else text)

    def expect(self, status, method, path, body=None, microversion='2.1'):
        got, payload = self.call(method, path, body, microversion)
        if got != status:
            raise WorldError('%s %s at %s answered %s, not %s: %s' % (method, path, microversion, got, status, payload))
        return payload


class StateChanges:
    """Signals every save of an Instance or a Migration (patched onto Nova's objects), per
    instance UUID, so a waiter re-reads the database when its server changed instead of
    polling."""

    def __init__(self):
        self._condition = threading.Condition()
        self._generations = collections.Counter()

    def install(self, test):
        for cls, key in ((objects.Instance, 'uuid'), (objects.Migration, 'instance_uuid')):
            for name in ('create', 'save'):
                path = '%s.%s.%s' % (cls.__module__, cls.__name__, name)
                test.useFixture(fixtures.MonkeyPatch(path, self._signalling(getattr(cls, name), key)))

    def _signalling(self, original, key):
        changes = self

        def method(obj, *args, **kwargs):
            try:
                return original(obj, *args, **kwargs)
            finally:
                changes.signal(getattr(obj, key, None) if obj.obj_attr_is_set(key) else None)
        method.__name__ = original.__name__
        return method

    def signal(self, server_id=None):
        """Something about ``server_id`` (or about no server in particular) changed."""
        with self._condition:
            self._generations[server_id] += 1
            self._condition.notify_all()

    def wait_for(self, what, predicate, server_ids=None, seconds=WAIT_SECONDS):
        """Re-reads ``predicate`` after every change of these servers (any change when None)
        until it returns something truthy."""
        keys = None if server_ids is None else set(server_ids) | {None}

        def generation():
            if keys is None:
                return sum(self._generations.values())
            return sum(self._generations[k] for k in keys)

        deadline = time.monotonic() + seconds
        while True:
            with self._condition:
                seen = generation()
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorldError('timed out after %d s waiting for %s' % (seconds, what))
            with self._condition:
                self._condition.wait_for(lambda: generation() != seen, timeout=min(RECHECK_SECONDS, remaining))


class FullWorld:
    """Seeds the world's servers and makes fresh ones per template, through the real services."""

    def __init__(self, plane, spec):
        self.plane = plane
        self.spec = spec
        self.api = Api(plane.app, spec['project_id'])
        self.servers = {}  # uuid -> template name (world and fresh servers)
        self.fresh_order = []
        self._uuids = PinnedUuids(__import__('oslo_utils.uuidutils', fromlist=['uuidutils']))
        plane.useFixture(fixtures.MonkeyPatch('nova.compute.api.uuidutils', self._uuids))
        self.changes = StateChanges()
        self.changes.install(plane)
        # A held hypervisor job is a change too (a migration is "running" before its job holds).
        plane.hypervisor.jobs.on_change = self.changes.signal
        self.pending = PendingActions(self.changes.signal)
        self.pending.install(plane)

    # --- seeding -------------------------------------------------------------------------------

    def seed(self):
        flavor = self.spec.get('flavor', {})
        self.api.expect(200, 'POST', '/flavors', {'flavor': {
            'name': FLAVOR_ID, 'id': FLAVOR_ID, 'ram': flavor.get('memory_mb', 1024), 'vcpus': 1,
            'disk': flavor.get('disk_gb', 10)}})
        for server in self.spec['servers']:
            self.create_server(server['template'], server['id'], server.get('name'))

    # --- servers -------------------------------------------------------------------------------

    def create_server(self, template_name, server_id=None, name=None):
        template = self.spec['templates'][template_name]  # the control API checked the name
        name = name or '%s-%s' % (template_name, uuidlib.uuid4().hex[:8])
        body = {'name': name, 'flavorRef': FLAVOR_ID, 'networks': 'none', 'host': template['host']}
        if template.get('volume_backed'):
            body['block_device_mapping_v2'] = [{
                'boot_index': 0, 'uuid': str(uuidlib.uuid4()), 'source_type': 'volume',
                'destination_type': 'volume', 'delete_on_termination': False}]
        else:
            body['imageRef'] = IMAGE_ID
        with self._uuids.pin(server_id):
            created = self.api.expect(202, 'POST', '/servers', {'server': body}, BOOT_MICROVERSION)
        server_id = created['server']['id']
        self.wait_state(server_id, 'active', None)
        self._bring_into(server_id, template)
        self.servers[server_id] = template_name
        if server_id not in {s['id'] for s in self.spec['servers']}:
            self.fresh_order.append(server_id)
            self._reap()
        self.plane.forget_notifications()
        return {'id': server_id, 'host': template['host'], 'name': name}

    def _reap(self):
        """Deletes the oldest fresh servers beyond FRESH_SERVER_CAP (their migrations settled
        first), in the background."""
        excess = len(self.fresh_order) - FRESH_SERVER_CAP
        if excess <= 0:
            return
        doomed, self.fresh_order = self.fresh_order[:excess], self.fresh_order[excess:]
        for server_id in doomed:
            self.servers.pop(server_id, None)
        threading.Thread(target=self._delete, args=(doomed,), daemon=True).start()

    def _delete(self, server_ids):
        try:
            if any(server_id in self.unsettled() for server_id in server_ids):
                self.settle(server_ids)
            for server_id in server_ids:
                status, payload = self.api.call('DELETE', '/servers/%s' % server_id)
                if status not in (204, 404):
                    sys.stderr.write('nova-full-harness: deleting %s answered %s: %s\n' % (server_id, status, payload))
        except Exception as exc:  # a failed clean-up must not take the harness down
            sys.stderr.write('nova-full-harness: deleting old fresh servers failed: %r\n' % (exc,))

    def _bring_into(self, server_id, template):
        action = '/servers/%s/action' % server_id
        vm_state = template['vm_state']
        if template.get('migration'):
            migration = template['migration']
            self.api.expect(202, 'POST', action, {'os-migrateLive': {
                'host': migration['destination'], 'block_migration': 'auto', 'force': True}}, MIGRATE_MICROVERSION)
            self.changes.wait_for('a running live migration of %s' % server_id,
                     lambda: self._migration_status(server_id) == 'running' and server_id in self.plane.hypervisor.jobs.held(),
                     [server_id])
        if vm_state == 'paused':
            self.api.expect(202, 'POST', action, {'pause': None})
            self.wait_state(server_id, 'paused', None)
        elif vm_state == 'stopped':
            self.api.expect(202, 'POST', action, {'os-stop': None})
            self.wait_state(server_id, 'stopped', None)
        elif vm_state == 'error':
            self.api.expect(202, 'POST', action, {'os-resetState': {'state': 'error'}})
            self.wait_state(server_id, 'error', None)
        if template.get('locked'):
            self.api.expect(202, 'POST', action, {'lock': None})
        if not template.get('launched', True):
            with self.plane.cell_context() as cctxt:
                instance = objects.Instance.get_by_uuid(cctxt, server_id)
                instance.launched_at = None
                instance.save()

    def instance(self, server_id):
        """The Instance, from the cell its mapping names; None while it is still a build
        request (the conductor creates it in a cell once the scheduler has picked a host)."""
        mapping = objects.InstanceMapping.get_by_instance_uuid(self.plane.admin, server_id)
        if mapping.cell_mapping is None:
            return None
        with nova_context.target_cell(self.plane.admin, mapping.cell_mapping) as cctxt:
            return objects.Instance.get_by_uuid(cctxt, server_id)

    def wait_state(self, server_id, vm_state, task_state):
        def reached():
            instance = self.instance(server_id)
            if instance is None:
                return False
            if instance.vm_state == 'error' and vm_state != 'error':
                raise WorldError('server %s went to ERROR while becoming %s' % (server_id, vm_state))
            return instance.vm_state == vm_state and instance.task_state == task_state
        self.changes.wait_for('server %s in vm_state %s' % (server_id, vm_state), reached, [server_id])

    def migrations_of(self, server_id):
        with self.plane.cell_context() as cctxt:
            return [m for m in objects.MigrationList.get_by_filters(cctxt, {'instance_uuid': server_id})
                    if m.migration_type == 'live-migration']

    def _migration_status(self, server_id):
        migrations = self.migrations_of(server_id)
        return max(migrations, key=lambda m: m.id).status if migrations else None

    # --- run to completion -----------------------------------------------------------------------

    def unsettled(self):
        """UUIDs of servers with a live migration not yet in an end state."""
        with self.plane.cell_context() as cctxt:
            migrations = objects.MigrationList.get_by_filters(cctxt, {'migration_type': 'live-migration'})
            return {m.instance_uuid for m in migrations if m.status not in TERMINAL_MIGRATION_STATUSES}

    def settle(self, server_ids=None):
        """Lets every live migration of these servers (default: all) run to its end state and
        returns their migrations: aborts and force-completes already cast reach their compute
        first, then the held hypervisor jobs are released (now, or when they start), then the cell database is read until every one is completed, error, failed or
        cancelled and no server is still `migrating`."""
        targets = set(server_ids) if server_ids else self.unsettled()
        # An abort or force-complete the API already answered 202 for lands first.
        self.changes.wait_for('aborts and force-completes of %d server(s) to reach their compute' % len(targets),
                              lambda: self.pending.none_for(targets), targets)
        jobs = self.plane.hypervisor.jobs
        for server_id in targets:
            jobs.release(server_id)

        def done():
            for server_id in targets:
                statuses = [m.status for m in self.migrations_of(server_id)]
                if any(s not in TERMINAL_MIGRATION_STATUSES for s in statuses):
                    return False
                if self.instance(server_id).task_state == 'migrating':
                    return False
            return True
        try:
            self.changes.wait_for('live migrations of %d server(s) to end' % len(targets), done, targets)
        finally:
            for server_id in targets:
                jobs.forget(server_id)
        result = []
        for server_id in sorted(targets):
            for m in self.migrations_of(server_id):
                result.append({'id': m.id, 'server': server_id, 'status': m.status})
        return result

    def dump(self):
        servers = []
        with self.plane.cell_context() as cctxt:
            for server_id, template in self.servers.items():
                instance = objects.Instance.get_by_uuid(cctxt, server_id)
                servers.append({'id': server_id, 'template': template, 'host': instance.host,
                                'vm_state': instance.vm_state, 'task_state': instance.task_state,
                                'locked': instance.locked})
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {'project_id': self.spec['project_id'], 'servers': servers,
                'held_migrations': sorted(self.plane.hypervisor.jobs.held()),
                'process': {'cpu_seconds': round(usage.ru_utime + usage.ru_stime, 2),
                            'max_rss_mb': round(usage.ru_maxrss / 1024)}}
