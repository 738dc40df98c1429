"""The serving half of nova_harness.py: imported only after the databases exist.

Imports nova.monkey_patch first (Nova's own eventlet patching), loads Nova's WSGI app from
the scratch directory's api-paste.ini + nova.conf, seeds the world and serves everything
on one loopback port. /_mvmatrix/... is the control API (not Nova's)."""
import nova.monkey_patch  # noqa: F401  (must come before the rest of Nova)

import json
import os
import signal
import sys

import eventlet
import eventlet.wsgi

from nova.api.openstack.compute import wsgi as compute_wsgi

from oslo_config import cfg

from nova_world import World

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


def exit_with_parent(parent):
    """The launcher stops the harness by its process group; if the launcher itself is killed
    (SIGKILL, a crashed test worker) nobody would, so leave as soon as it is gone."""
    while True:
        if os.getppid() != parent:
            os._exit(0)
        eventlet.sleep(1)


def serve(bind, port, spec, parent):
    eventlet.spawn_n(exit_with_parent, parent)
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
