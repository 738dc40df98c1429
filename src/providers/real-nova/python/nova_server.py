"""The serving half of nova_harness.py: imported only after the databases exist.

Imports nova.monkey_patch first (Nova's own eventlet patching), loads Nova's WSGI app from
the scratch directory's api-paste.ini + nova.conf, seeds the world and serves everything
on one loopback port. /_mvmatrix/... is the control API (not Nova's)."""
import nova.monkey_patch  # noqa: F401  (must come before the rest of Nova)

import datetime
import json
import os
import signal
import sys
import uuid as uuidlib

import eventlet
import eventlet.wsgi

from nova.api.openstack.compute import wsgi as compute_wsgi
from nova.network import model as network_model

from oslo_config import cfg

CONF = cfg.CONF


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


# --- fake Neutron -------------------------------------------------------------------------

def neutron_app(environ, start_response):
    """Every GET /v2.0/<resource>[.json] answers an empty list of that resource; that is all
    the API needs to show or live-migrate an instance without ports."""
    path = environ.get('PATH_INFO', '/').strip('/')
    parts = [p for p in path.split('/') if p]
    if parts and parts[0] == 'v2.0':
        parts = parts[1:]
    resource = parts[0] if parts else 'versions'
    if resource.endswith('.json'):
        resource = resource[:-5]
    if len(parts) > 1:
        body = json.dumps({'NeutronError': {'type': 'NotFound', 'message': 'not found', 'detail': ''}})
        start_response('404 Not Found', [('Content-Type', 'application/json')])
        return [body.encode()]
    body = json.dumps({resource: []}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


# --- the world ------------------------------------------------------------------------------

class World:
    """Seeds and resets the default world through Nova's own objects."""

    def __init__(self, spec):
        from nova import context as nova_context
        from nova import objects
        objects.register_all()
        self.spec = spec
        self.objects = objects
        self.nova_context = nova_context
        self.admin = nova_context.get_admin_context()
        cells = objects.CellMappingList.get_all(self.admin)
        self.cell = next(c for c in cells if c.name == 'cell1')
        self.flavor = None
        self.servers = {}  # uuid -> template name

    def cell_context(self):
        return self.nova_context.target_cell(self.admin, self.cell)

    def seed(self):
        objects = self.objects
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        with self.cell_context() as cctxt:
            for host in self.spec['hosts']:
                service = objects.Service(cctxt, host=host['name'], binary='nova-compute',
                                          topic='compute', report_count=1, disabled=False,
                                          forced_down=bool(host.get('forced_down', False)))
                service.create()
                # The DB servicegroup driver calls a service up when it reported within
                # service_down_time (nova.conf: 10 years, since no compute ever reports).
                service.last_seen_up = now if host.get('up', True) else datetime.datetime(2000, 1, 1)
                service.save()
                node = objects.ComputeNode(
                    cctxt, host=host['name'], hypervisor_hostname=host['node'],
                    uuid=host.get('node_uuid') or str(uuidlib.uuid5(uuidlib.NAMESPACE_DNS, host['name'])),
                    service_id=service.id,
                    vcpus=16, memory_mb=65536, local_gb=1000, vcpus_used=0, memory_mb_used=0,
                    local_gb_used=0, hypervisor_type='QEMU', hypervisor_version=7002000,
                    free_ram_mb=65536, free_disk_gb=1000, current_workload=0, running_vms=0,
                    cpu_info='{}', disk_available_least=1000, host_ip=host.get('host_ip', '127.0.0.1'),
                    supported_hv_specs=[], stats={}, numa_topology=None,
                    cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5, disk_allocation_ratio=1.0)
                node.create()
                objects.HostMapping(self.admin, host=host['name'], cell_mapping=self.cell).create()
        self.flavor = objects.Flavor(
            self.admin, name='m1.small', memory_mb=self.spec.get('flavor', {}).get('memory_mb', 1024),
            vcpus=1, root_gb=self.spec.get('flavor', {}).get('disk_gb', 10), ephemeral_gb=0,
            swap=0, flavorid='mvmatrix-small', rxtx_factor=1.0, vcpu_weight=0, disabled=False,
            is_public=True, extra_specs={}, description=None)
        self.flavor.create()
        for server in self.spec['servers']:
            self.create_server(server['template'], server['id'], server.get('name'))

    def node_of(self, host_name):
        for host in self.spec['hosts']:
            if host['name'] == host_name:
                return host['node']
        return host_name

    def host_ip_of(self, host_name):
        for host in self.spec['hosts']:
            if host['name'] == host_name:
                return host.get('host_ip')
        return None

    def template(self, name):
        template = self.spec['templates'].get(name)
        if template is None:
            raise KeyError(name)
        return template

    def create_server(self, template_name, server_id=None, name=None):
        objects = self.objects
        template = self.template(template_name)
        server_id = server_id or str(uuidlib.uuid4())
        name = name or '%s-%s' % (template_name, server_id[:8])
        project = self.spec['project_id']
        user = self.spec.get('user_id', 'admin')
        launched = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
        with self.cell_context() as cctxt:
            cctxt.project_id = project
            instance = objects.Instance(
                cctxt, uuid=server_id, project_id=project, user_id=user,
                display_name=name, hostname=name, host=template['host'], node=self.node_of(template['host']),
                vm_state=template['vm_state'], task_state=template['task_state'],
                power_state=template['power_state'],
                launched_at=launched if template['launched'] else None,
                locked=bool(template['locked']), locked_by='admin' if template['locked'] else None,
                flavor=self.flavor, old_flavor=None, new_flavor=None,
                instance_type_id=self.flavor.id, memory_mb=self.flavor.memory_mb,
                vcpus=self.flavor.vcpus, root_gb=self.flavor.root_gb,
                ephemeral_gb=self.flavor.ephemeral_gb,
                image_ref='' if template.get('volume_backed') else '155d900f-4e14-4e4c-a73d-069cbf4541e6',
                availability_zone='nova', system_metadata={}, metadata={},
                info_cache=objects.InstanceInfoCache(network_info=network_model.NetworkInfo()),
                numa_topology=None, pci_requests=None)
            instance.create()
        objects.InstanceMapping(self.admin, instance_uuid=server_id, project_id=project,
                                user_id=user, cell_mapping=self.cell,
                                queued_for_delete=False).create()
        spec = objects.RequestSpec(
            self.admin, instance_uuid=server_id, project_id=project, user_id=user,
            flavor=self.flavor, num_instances=1, availability_zone='nova',
            image=objects.ImageMeta.from_dict({}), scheduler_hints={},
            is_bfv=bool(template.get('volume_backed')))
        spec.create()
        migration = template.get('migration')
        if migration:
            destination = migration['destination']
            # Same convention as the emulator: a running migration is half-way.
            memory_total = self.flavor.memory_mb * 1024 * 1024
            memory_processed = memory_total // 2 if migration['status'] == 'running' else 0
            with self.cell_context() as cctxt:
                objects.Migration(
                    cctxt, instance_uuid=server_id, migration_type='live-migration',
                    status=migration['status'], source_compute=template['host'],
                    source_node=self.node_of(template['host']), dest_compute=destination,
                    dest_node=self.node_of(destination), dest_host=self.host_ip_of(destination),
                    old_instance_type_id=self.flavor.id, new_instance_type_id=self.flavor.id,
                    memory_total=memory_total, memory_processed=memory_processed,
                    memory_remaining=memory_total - memory_processed,
                    disk_total=0, disk_processed=0, disk_remaining=0,
                    user_id=user, project_id=project, hidden=False, cross_cell_move=False).create()
        self.servers[server_id] = template_name
        return {'id': server_id, 'host': template['host'], 'name': name}

    def reset_server(self, server_id):
        """Puts a server back into its template's state (the API leaves task_state
        'migrating' after an accepted live migration, since no conductor consumes the cast)."""
        template = self.template(self.servers[server_id])
        with self.cell_context() as cctxt:
            instance = self.objects.Instance.get_by_uuid(cctxt, server_id)
            instance.vm_state = template['vm_state']
            instance.task_state = template['task_state']
            instance.power_state = template['power_state']
            instance.locked = bool(template['locked'])
            instance.locked_by = 'admin' if template['locked'] else None
            instance.host = template['host']
            instance.node = self.node_of(template['host'])
            instance.save()

    def reset(self):
        for server_id in list(self.servers):
            self.reset_server(server_id)

    def dump(self):
        out = []
        with self.cell_context() as cctxt:
            for server_id, template in self.servers.items():
                instance = self.objects.Instance.get_by_uuid(cctxt, server_id)
                out.append({'id': server_id, 'template': template, 'host': instance.host,
                            'vm_state': instance.vm_state, 'task_state': instance.task_state,
                            'locked': instance.locked})
        return {'project_id': self.spec['project_id'], 'servers': out}


# --- control API + dispatcher ---------------------------------------------------------------

def json_response(start_response, status, payload=None):
    if payload is None:
        start_response(status, [('Content-Length', '0')])
        return [b'']
    body = json.dumps(payload).encode()
    start_response(status, [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


def control_app(world):
    def app(environ, start_response):
        method = environ['REQUEST_METHOD']
        path = environ.get('PATH_INFO', '')[len('/_mvmatrix'):].rstrip('/')
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
            raw = environ['wsgi.input'].read(length) if length else b''
            body = json.loads(raw) if raw.strip() else {}
            if method == 'POST' and path == '/servers':
                template = body.get('template') if isinstance(body, dict) else None
                if not isinstance(template, str) or template not in world.spec['templates']:
                    return json_response(start_response, '400 Bad Request', {
                        'error': 'unknown template %r; known: %s' % (template, ', '.join(sorted(world.spec['templates'])))})
                return json_response(start_response, '201 Created', {'server': world.create_server(template)})
            if method == 'POST' and path == '/reset':
                world.reset()
                return json_response(start_response, '204 No Content')
            if method == 'POST' and path.startswith('/servers/') and path.endswith('/reset'):
                server_id = path[len('/servers/'):-len('/reset')]
                if server_id not in world.servers:
                    return json_response(start_response, '404 Not Found', {'error': 'no server %s' % server_id})
                world.reset_server(server_id)
                return json_response(start_response, '204 No Content')
            if method == 'GET' and path == '/world':
                return json_response(start_response, '200 OK', world.dump())
            return json_response(start_response, '404 Not Found', {'error': 'no control route %s %s' % (method, path)})
        except Exception as exc:  # a control failure must say what happened
            log('control error: %r' % (exc,))
            return json_response(start_response, '500 Internal Server Error', {'error': repr(exc)})
    return app


def dispatcher(nova_app, control):
    """Routes /_mvmatrix/ to the control API and everything else to Nova."""
    def app(environ, start_response):
        if environ.get('PATH_INFO', '').startswith('/_mvmatrix/'):
            return control(environ, start_response)
        return nova_app(environ, start_response)
    return app


def serialize_database_writes():
    """One writing transaction at a time, through a green lock.

    sqlite allows one writer. A second writer waits inside sqlite's C code, which blocks the
    whole eventlet hub, so the green thread holding the lock cannot finish either and both
    stall for sqlite's full busy timeout (5 s). Queueing writers on a green lock around
    oslo.db's writer transactions avoids that; readers (WAL journal) never wait. Nova's own
    code runs unchanged."""
    import contextlib
    import threading  # green after nova.monkey_patch
    from oslo_db.sqlalchemy import enginefacade

    lock = threading.RLock()
    original = enginefacade._TransactionContextManager._transaction_scope

    @contextlib.contextmanager
    def transaction_scope(self, context):
        if self._mode is enginefacade._WRITER:
            with lock:
                with original(self, context) as resource:
                    yield resource
        else:
            with original(self, context) as resource:
                yield resource

    enginefacade._TransactionContextManager._transaction_scope = transaction_scope


class QuietLog:
    """eventlet.wsgi access log sink: one line per request is noise at hundreds per second."""

    def write(self, _data):
        pass


def serve(bind, port, spec):
    neutron_sock = eventlet.listen((bind, 0))
    neutron_port = neutron_sock.getsockname()[1]
    eventlet.spawn_n(eventlet.wsgi.server, neutron_sock, neutron_app, log=QuietLog(), log_output=False)

    serialize_database_writes()
    saved_argv = sys.argv
    sys.argv = [saved_argv[0]]  # oslo.config parses sys.argv inside init_application
    nova_app = compute_wsgi.init_application()
    sys.argv = saved_argv
    CONF.set_override('endpoint_override', 'http://%s:%d/' % (bind, neutron_port), group='neutron')

    world = World(spec)
    world.seed()

    # oslo/eventlet may have replaced the handler installed by nova_harness.py.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if os.environ.get('MVMATRIX_HUB_BLOCKING_DETECTION'):
        from eventlet import debug as eventlet_debug
        eventlet_debug.hub_blocking_detection(True, 0.3)
    sock = eventlet.listen((bind, port))
    actual = sock.getsockname()[1]
    sys.stdout.write('MVMATRIX-READY %s\n' % json.dumps({'port': actual, 'neutron_port': neutron_port}))
    sys.stdout.flush()
    eventlet.wsgi.server(sock, dispatcher(nova_app, control_app(world)), log=QuietLog(),
                         log_output=False, capitalize_response_headers=False,
                         max_size=1024, keepalive=True)
