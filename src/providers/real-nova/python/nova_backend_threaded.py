"""Serving backend `threaded` (2026.1 on): Nova's API runs on native threads and eventlet's
WSGI server is gone, so the app is served by the standard library's wsgiref with one thread
per connection. Header names pass through as Nova spells them."""
import socketserver
import threading
from wsgiref import simple_server


class _Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *_args):
        pass


def prepare():
    """Native threads: Nova's own switch says so before anything imports Nova (it also makes a
    later eventlet import fail loudly)."""
    from nova import monkey_patch
    monkey_patch.patch(backend='threading')


def listen(bind, port):
    server = _Server((bind, port), _QuietHandler)
    return server, server.server_address[1]


def spawn(fn):
    threading.Thread(target=fn, daemon=True).start()


def serve(server, app):
    server.set_app(app)
    server.serve_forever(poll_interval=0.5)
