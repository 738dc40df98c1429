"""The control API of the full mode, under /_mvmatrix/ on the API's port: the API-only harness's
routes (nova_control.py: fresh servers, world dump, clock), answered by the real control plane,
plus the ones only moving parts need. Errors are Nova-shaped faults, like the emulator's.

| Request                                       | Answer                                          |
|-----------------------------------------------|-------------------------------------------------|
| POST /_mvmatrix/servers {"template": t}       | 201 {"server": {"id", "host", "name"}}: booted  |
|                                               | and brought into the template's state           |
| POST /_mvmatrix/migrations/settle             | 200 {"migrations": [{"id", "server", "status"}]}|
|   {} or {"server": id}                        | every live migration of that server (default:   |
|                                               | of every server) run to its end state           |
| POST /_mvmatrix/clock {"advance": s}          | 200 {"now"}: time passes, so every live         |
|                                               | migration settles (there is no clock to move)   |
| GET /_mvmatrix/clock, GET /_mvmatrix/world    | as in the API-only harness                      |
| POST /_mvmatrix/reset, .../servers/<id>/reset | 501: real servers cannot be put back into a     |
|                                               | template state; use fresh ones                  |
"""
import json

import nova_control

RESET_UNSUPPORTED = ('control API: the full control plane cannot put real servers back into a template '
                     'state; create a fresh server per case (POST /_mvmatrix/servers)')
nova_control.FAULT_KEYS.setdefault(501, 'notImplemented')
nova_control.STATUS_TEXT.setdefault(501, '501 Not Implemented')


def _body(environ):
    length = int(environ.get('CONTENT_LENGTH') or 0)
    raw = environ['wsgi.input'].read(length) if length else b''
    try:
        value = json.loads(raw) if raw.strip() else {}
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def control_app(world, profile):
    base = nova_control.control_app(world, profile)
    respond, fault = nova_control.respond, nova_control.fault

    def app(environ, start_response):
        method = environ['REQUEST_METHOD']
        path = environ.get('PATH_INFO', '').rstrip('/')
        route = '%s %s' % (method, path)
        if method == 'POST' and (path == '/_mvmatrix/reset' or (path.startswith('/_mvmatrix/servers/') and path.endswith('/reset'))):
            return fault(start_response, 501, RESET_UNSUPPORTED)
        if route not in ('POST /_mvmatrix/migrations/settle', 'POST /_mvmatrix/clock'):
            return base(environ, start_response)
        try:
            body = _body(environ)
            if route == 'POST /_mvmatrix/migrations/settle':
                server = body.get('server') if isinstance(body, dict) else None
                if body is None or (server is not None and not isinstance(server, str)):
                    return fault(start_response, 400, 'control API: body must be {} or {"server": "<id>"}')
                if server is not None and server not in world.servers:
                    return fault(start_response, 404, 'control API: no server %s' % server)
                return respond(start_response, 200, {'migrations': world.settle([server] if server else None)})
            advance = body.get('advance') if isinstance(body, dict) else None
            if isinstance(advance, bool) or not isinstance(advance, (int, float)) or advance < 0:
                return fault(start_response, 400, 'control API: body must be {"advance": <non-negative seconds>}')
            if advance > 0:
                world.settle()
            return respond(start_response, 200, {'now': nova_control.now_iso()})
        except Exception as exc:  # a control failure must say what happened
            nova_control.log('control error: %r' % (exc,))
            return fault(start_response, 500, 'control API: %s' % (exc,))
    return app
