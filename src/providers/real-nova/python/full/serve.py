"""Serves the full mode's API app and control API on one loopback port (eventlet, as the
API-only harness; Nova's header spelling kept)."""
import json
import os
import signal
import sys

import eventlet
import eventlet.wsgi

from control_api import control_app


class QuietLog:
    """Access-log sink: one line per request is noise."""

    def write(self, _data):
        pass


def dispatcher(nova_app, control):
    def app(environ, start_response):
        if environ.get('PATH_INFO', '').startswith('/_mvmatrix/'):
            return control(environ, start_response)
        return nova_app(environ, start_response)
    return app


def exit_with_parent(parent):
    """If the launcher dies without stopping us, leave."""
    while True:
        if os.getppid() != parent:
            os._exit(0)
        eventlet.sleep(1)


def serve(bind, port, nova_app, world, parent):
    eventlet.spawn_n(exit_with_parent, parent)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    sock = eventlet.listen((bind, port))
    actual = sock.getsockname()[1]
    sys.stdout.write('MVMATRIX-READY %s\n' % json.dumps({'port': actual, 'mode': 'full'}))
    sys.stdout.flush()
    eventlet.wsgi.server(sock, dispatcher(nova_app, control_app(world)), log=QuietLog(),
                         log_output=False, capitalize_response_headers=False,
                         max_size=1024, keepalive=True)
