"""The control API under /_mvmatrix/ (not Nova's), with the emulator's routes and answers:

  POST /_mvmatrix/servers {"template": "<name>"}  201 {"server": {"id", "host", "name"}}
  POST /_mvmatrix/reset                           204 every server back to its template state
  GET  /_mvmatrix/world                           200 target, now, hosts, templates, servers
  GET  /_mvmatrix/clock                           200 {"now": ...}
  POST /_mvmatrix/clock                           400 (a real Nova's clock cannot be moved)
plus one route the emulator does not need:
  POST /_mvmatrix/servers/<id>/reset              204 that server back to its template state
Errors are Nova-shaped faults, like the emulator's."""
import datetime
import json
import sys

FAULT_KEYS = {400: 'badRequest', 404: 'itemNotFound', 500: 'computeFault'}
STATUS_TEXT = {200: '200 OK', 201: '201 Created', 204: '204 No Content', 400: '400 Bad Request',
               404: '404 Not Found', 500: '500 Internal Server Error'}


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def respond(start_response, status, payload=None):
    if payload is None:
        start_response(STATUS_TEXT[status], [('Content-Length', '0')])
        return [b'']
    body = json.dumps(payload).encode()
    start_response(STATUS_TEXT[status], [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


def fault(start_response, status, message):
    return respond(start_response, status, {FAULT_KEYS[status]: {'code': status, 'message': message}})


def control_app(world, profile):
    def app(environ, start_response):
        method = environ['REQUEST_METHOD']
        path = environ.get('PATH_INFO', '').rstrip('/')
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
            raw = environ['wsgi.input'].read(length) if length else b''
            try:
                body = json.loads(raw) if raw.strip() else {}
            except ValueError:
                body = None
            route = '%s %s' % (method, path)
            if route == 'POST /_mvmatrix/servers':
                template = body.get('template') if isinstance(body, dict) else None
                if not isinstance(template, str):
                    return fault(start_response, 400, 'control API: body must be {"template": "<name>"}')
                if template not in world.spec['templates']:
                    return fault(start_response, 400, "control API: unknown template '%s' (known: %s)" % (
                        template, ', '.join(world.spec['templates'])))
                return respond(start_response, 201, {'server': world.create_server(template)})
            if route == 'POST /_mvmatrix/reset':
                world.reset()
                return respond(start_response, 204)
            if method == 'POST' and path.startswith('/_mvmatrix/servers/') and path.endswith('/reset'):
                server_id = path[len('/_mvmatrix/servers/'):-len('/reset')]
                if server_id not in world.servers:
                    return fault(start_response, 404, 'control API: no server %s' % server_id)
                world.reset_server(server_id)
                return respond(start_response, 204)
            if route == 'GET /_mvmatrix/world':
                dump = world.dump()
                dump['target'] = {'id': profile['release'], 'release': profile['release'],
                                  'maxMicroversion': profile['max_microversion']}
                dump['now'] = now_iso()
                return respond(start_response, 200, dump)
            if route == 'GET /_mvmatrix/clock':
                return respond(start_response, 200, {'now': now_iso()})
            if route == 'POST /_mvmatrix/clock':
                return fault(start_response, 400, "control API: a real Nova's clock cannot be moved")
            return fault(start_response, 404, 'The resource could not be found.')
        except Exception as exc:  # a control failure must say what happened
            log('control error: %r' % (exc,))
            return fault(start_response, 500, 'control API: %r' % (exc,))
    return app
