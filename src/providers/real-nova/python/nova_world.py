"""The seeded world of the real-Nova harness: hosts, services, compute nodes, host mappings,
a flavor and servers in every template state, created through Nova's own objects (imported
by nova_server.py after Nova's monkey patching)."""
import datetime
import uuid as uuidlib

from nova.network import model as network_model


class World:
    """Seeds and resets the default world through Nova's own objects."""

    def __init__(self, spec, profile):
        from nova import context as nova_context
        from nova import objects
        objects.register_all()
        self.spec = spec
        # From 2023.2 an instance on a node needs compute_id, a migration with a dest_node
        # dest_compute_id (ObjectActionError otherwise): set from the harness profile.
        self.compute_ids = bool(profile.get('compute_id'))
        self.node_ids = {}  # host name -> ComputeNode.id
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
                self.node_ids[host['name']] = node.id
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
                numa_topology=None, pci_requests=None,
                **({'compute_id': self.node_ids.get(template['host'])} if self.compute_ids else {}))
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
                    dest_node=self.node_of(destination), dest_host=None,  # never set for live migrations
                    old_instance_type_id=self.flavor.id, new_instance_type_id=self.flavor.id,
                    memory_total=memory_total, memory_processed=memory_processed,
                    memory_remaining=memory_total - memory_processed,
                    disk_total=0, disk_processed=0, disk_remaining=0,
                    user_id=user, project_id=project, hidden=False, cross_cell_move=False,
                    **({'dest_compute_id': self.node_ids.get(destination)} if self.compute_ids else {})).create()
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
            if self.compute_ids:
                instance.compute_id = self.node_ids.get(template['host'])
            instance.save()

    def reset(self):
        for server_id in list(self.servers):
            self.reset_server(server_id)

    def dump(self):
        """The emulator's world dump, as far as a real Nova has the same things."""
        servers = []
        seeded = {s['id'] for s in self.spec['servers']}
        with self.cell_context() as cctxt:
            for server_id, template in self.servers.items():
                instance = self.objects.Instance.get_by_uuid(cctxt, server_id)
                migrations = self.objects.MigrationList.get_by_filters(cctxt, {'instance_uuid': server_id})
                servers.append({
                    'id': server_id, 'name': instance.display_name, 'template': template,
                    'host': instance.host, 'node': instance.node, 'vmState': instance.vm_state,
                    'taskState': instance.task_state, 'locked': instance.locked,
                    'launchedAt': instance.launched_at.strftime('%Y-%m-%dT%H:%M:%SZ') if instance.launched_at else None,
                    'volumeBacked': bool(self.template(template).get('volume_backed')),
                    'projectId': instance.project_id, 'userId': instance.user_id,
                    'fresh': server_id not in seeded, 'migrationIds': [m.id for m in migrations]})
        return {'hosts': self.spec['hosts'], 'templates': self.spec['templates'], 'servers': servers}
