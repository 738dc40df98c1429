"""The control API of the full mode, under /_mvmatrix/ on the API's port: the emulator's routes,
answered by the real control plane.

| Request                                  | Answer                                               |
|------------------------------------------|------------------------------------------------------|
| POST /_mvmatrix/servers {"template": t}  | 201 {"server": {"id", "host", "name"}}: a new server |
|                                          | booted and brought into the template's state         |
| POST /_mvmatrix/migrations/settle        | 200 {"migrations": [{"id", "server", "status"}]}:    |
|   {"server": id} (optional)              | that server's (default every) live migration run to  |
|                                          | its end state                                        |
| POST /_mvmatrix/clock {"advance": s}     | 200 {"now"}: time passes, so every live migration    |
|                                          | settles (there is no emulated clock to move)         |
| GET /_mvmatrix/clock                     | 200 {"now"}                                          |
| GET /_mvmatrix/world                     | 200: servers with their state, held migrations       |
| POST /_mvmatrix/reset, .../servers/<id>/reset | 501: real servers cannot be put back; use fresh ones |
"""
import datetime
import json
import sys
import traceback

from world import WorldError


def log(message):
    sys.stderr.write('nova-full-harness: %s\n' % message)
    sys.stderr.flush()


def json_response(start_response, status, payload=None):
    if payload is None:
        start_response(status, [('Content-Length', '0')])
        return [b'']
    body = json.dumps(payload).encode()
    start_response(status, [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat().replace('+00:00', 'Z')


def _body(environ):
    length = int(environ.get('CONTENT_LENGTH') or 0)
    raw = environ['wsgi.input'].read(length) if length else b''
    value = json.loads(raw) if raw.strip() else {}
    if not isinstance(value, dict):
        raise ValueError('the body must be a JSON object')
    return value


def control_app(world):
    def app(environ, start_response):
        method = environ['REQUEST_METHOD']
        path = environ.get('PATH_INFO', '')[len('/_mvmatrix'):].rstrip('/')
        route = '%s %s' % (method, path)
        try:
            body = _body(environ) if method == 'POST' else {}
            if route == 'POST /servers':
                template = body.get('template')
                if not isinstance(template, str) or template not in world.spec['templates']:
                    return json_response(start_response, '400 Bad Request', {
                        'error': 'control API: unknown template %r (known: %s)' % (template, ', '.join(sorted(world.spec['templates'])))})
                return json_response(start_response, '201 Created', {'server': world.create_server(template)})
            if route == 'POST /migrations/settle':
                server = body.get('server')
                if server is not None and server not in world.servers:
                    return json_response(start_response, '404 Not Found', {'error': 'control API: no server %s' % server})
                return json_response(start_response, '200 OK', {'migrations': world.settle([server] if server else None)})
            if route == 'POST /clock':
                advance = body.get('advance')
                if not isinstance(advance, (int, float)) or isinstance(advance, bool) or advance < 0:
                    return json_response(start_response, '400 Bad Request', {'error': 'control API: body must be {"advance": <non-negative seconds>}'})
                if advance > 0:
                    world.settle()
                return json_response(start_response, '200 OK', {'now': _now()})
            if route == 'GET /clock':
                return json_response(start_response, '200 OK', {'now': _now()})
            if route == 'GET /world':
                return json_response(start_response, '200 OK', world.dump())
            if method == 'POST' and (path == '/reset' or (path.startswith('/servers/') and path.endswith('/reset'))):
                return json_response(start_response, '501 Not Implemented', {
                    'error': 'control API: the full control plane cannot put real servers back into a template state; '
                             'create a fresh server per case (POST /_mvmatrix/servers)'})
            return json_response(start_response, '404 Not Found', {'error': 'control API: no route %s' % route})
        except WorldError as exc:
            log('control error: %s' % exc)
            return json_response(start_response, '500 Internal Server Error', {'error': str(exc)})
        except ValueError as exc:
            return json_response(start_response, '400 Bad Request', {'error': 'control API: %s' % exc})
        except Exception as exc:  # a control failure must say what happened
            log('control error: %s' % traceback.format_exc())
            return json_response(start_response, '500 Internal Server Error', {'error': repr(exc)})
    return app
