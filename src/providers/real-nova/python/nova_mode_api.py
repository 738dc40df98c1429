"""Mode `api` of the harness: Nova's own compute API application (the release's api-paste.ini
+ nova.conf) with the seeded world, a fake Neutron and the control API, as one WSGI app.

A mode is a module `nova_mode_<name>.py` with `build(ctx) -> WSGI app`; nova_harness.py
imports it after the serving backend's prepare() (Nova's eventlet patching, where the release
uses eventlet), so Nova may be imported at module level here. `ctx` is a
nova_harness.HarnessContext: scratch, profile, world spec, bind address, the bound port, and
spawn(fn) to run something beside the server (a green thread or a daemon thread)."""
import importlib
import json
import sys

from oslo_config import cfg

import nova_control
import nova_sqlite_pool
from nova_world import World

CONF = cfg.CONF
NEUTRON_PREFIX = '/_neutron'


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


def neutron_app(environ, start_response):
    """Fake Neutron under /_neutron/: every GET /v2.0/<resource>[.json] answers an empty list
    of that resource; that is all the API needs to show or live-migrate an instance without
    ports."""
    path = environ.get('PATH_INFO', '/')[len(NEUTRON_PREFIX):].strip('/')
    parts = [p for p in path.split('/') if p]
    if parts and parts[0] == 'v2.0':
        parts = parts[1:]
    resource = parts[0] if parts else 'versions'
    if resource.endswith('.json'):
        resource = resource[:-5]
    if len(parts) > 1:
        body = json.dumps({'NeutronError': {'type': 'NotFound', 'message': 'not found', 'detail': ''}}).encode()
        start_response('404 Not Found', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
        return [body]
    body = json.dumps({resource: []}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


def dispatcher(nova_app, control, neutron):
    """/_mvmatrix/ → control API, /_neutron/ → fake Neutron, everything else → Nova."""
    def app(environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path.startswith('/_mvmatrix/') or path == '/_mvmatrix':
            return control(environ, start_response)
        if path.startswith(NEUTRON_PREFIX + '/'):
            return neutron(environ, start_response)
        return nova_app(environ, start_response)
    return app


def serialize_database_writes():
    """One writing transaction at a time.

    sqlite allows one writer. Under eventlet a second writer waits inside sqlite's C code,
    which blocks the whole hub, so the green thread holding the lock cannot finish either and
    both stall for sqlite's full busy timeout (5 s). Queueing writers on a lock around oslo.db's
    writer transactions avoids that (threading is green after Nova's patching, native
    otherwise); readers (WAL journal) never wait. Nova's own code runs unchanged."""
    import contextlib
    import threading
    from oslo_db.sqlalchemy import enginefacade

    manager = enginefacade._TransactionContextManager
    original = getattr(manager, '_transaction_scope', None)
    if original is None:
        log('oslo.db has no _TransactionContextManager._transaction_scope: writes not serialised')
        return
    lock = threading.RLock()

    @contextlib.contextmanager
    def transaction_scope(self, context):
        if self._mode is enginefacade._WRITER:
            with lock:
                with original(self, context) as resource:
                    yield resource
        else:
            with original(self, context) as resource:
                yield resource

    manager._transaction_scope = transaction_scope


def load_nova_app(entry):
    """Nova's compute API app from the release's WSGI entry point, `module:attribute`: a
    function to call (`nova.api.openstack.compute.wsgi:init_application`, before 2026.1) or
    the module's ready application (`nova.wsgi.osapi_compute:application`, 2026.1 on)."""
    module_name, _sep, attribute = entry.partition(':')
    saved_argv = sys.argv
    sys.argv = [saved_argv[0]]  # oslo.config parses sys.argv while the app is initialised
    try:
        value = getattr(importlib.import_module(module_name), attribute.rstrip('()'))
        return value() if attribute.endswith('()') else value
    finally:
        sys.argv = saved_argv


def build(ctx):
    serialize_database_writes()
    nova_sqlite_pool.pool_file_databases()
    nova_app = load_nova_app(ctx.profile['app'])
    CONF.set_override('endpoint_override', 'http://%s:%d%s/' % (ctx.bind, ctx.port, NEUTRON_PREFIX), group='neutron')
    world = World(ctx.world, ctx.profile)
    world.seed()
    return dispatcher(nova_app, nova_control.control_app(world, ctx.profile), neutron_app)
