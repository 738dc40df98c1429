"""Serving backend `eventlet` (releases before 2026.1): Nova's own eventlet monkey patching,
then eventlet.wsgi with Nova's header spelling (capitalize_response_headers=False) and
keep-alive, as nova-api itself served before 2026.1."""


class QuietLog:
    """Access log sink: one line per request is noise at hundreds per second."""

    def write(self, _data):
        pass


def prepare():
    """Must run before anything imports Nova. Before 2026.1 importing nova.monkey_patch
    patches; from 2026.1 its patch() does (the full mode runs releases' eventlet code there too:
    Nova's functional-test base patches eventlet in every release)."""
    import nova.monkey_patch
    if hasattr(nova.monkey_patch, 'patch'):
        nova.monkey_patch.patch(backend='eventlet')


def listen(bind, port):
    import eventlet
    sock = eventlet.listen((bind, port))
    return sock, sock.getsockname()[1]


def spawn(fn):
    import eventlet
    eventlet.spawn_n(fn)


def serve(sock, app):
    import os
    import eventlet.wsgi
    if os.environ.get('MVMATRIX_HUB_BLOCKING_DETECTION'):
        from eventlet import debug as eventlet_debug
        eventlet_debug.hub_blocking_detection(True, 0.3)
    eventlet.wsgi.server(sock, app, log=QuietLog(), log_output=False, capitalize_response_headers=False,
                         max_size=1024, keepalive=True)
