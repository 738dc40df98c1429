#!/usr/bin/python3
"""mvmatrix harness: the REAL Nova compute API (Debian python3-nova) on one loopback port.

One harness for every release and both launchers (a container of the release's image, or the
host's python3-nova). Started with a scratch directory holding nova.conf and world.json and a
profile (harness.json: what differs by release, decided by mvmatrix's release table). It

1. writes <scratch>/api-paste.ini from the release's own file (nova-common of the same
   version), with noauth2's stand-in filter where the release no longer has noauth2
   (nova_paste.py, nova_noauth.py);
2. copies the empty schemas (made once by nova-manage, nova_schemas.py; baked into images);
3. prepares the serving backend the release needs (nova_backend_<profile.server>.py: Nova's
   eventlet patching + eventlet.wsgi, or native threads + wsgiref) and binds the port;
4. builds the mode's WSGI app (nova_mode_<--mode>.py; `api`: Nova's own API app with the
   default world seeded through Nova's objects, a fake Neutron under /_neutron/ and the
   control API under /_mvmatrix/);
5. prints one line `MVMATRIX-READY {"port": N, ...}` on stdout and serves.

Adding a mode: a module nova_mode_<name>.py beside this one with build(ctx) -> WSGI app
(see nova_mode_api.py), selected with --mode <name>. Nothing here talks to anything but the
bind address.
"""
import argparse
import importlib
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import nova_paste  # noqa: E402
import nova_schemas  # noqa: E402

READY_PREFIX = 'MVMATRIX-READY '
DEFAULT_API_PASTE = '/usr/share/nova-common/api-paste.ini'


def log(message):
    sys.stderr.write('nova-harness: %s\n' % message)
    sys.stderr.flush()


def remove_write_ahead_logs(scratch):
    """A kept scratch directory still holds the last run's sqlite write-ahead logs (its pooled
    connections were open when it stopped, nova_sqlite_pool.py). Left beside the fresh copies
    prepare_databases() makes, sqlite would replay them into those copies, with the last run's
    world in it. (Here, not in nova_schemas.py: that file is part of the images' recipe.)"""
    for name in nova_schemas.DB_FILES:
        for suffix in ('-wal', '-shm', '-journal'):
            path = os.path.join(scratch, name + suffix)
            if os.path.exists(path):
                os.remove(path)


class HarnessContext:
    """What a mode's build() gets."""

    def __init__(self, scratch, profile, world, bind, port, backend, mode='api'):
        self.scratch = scratch
        # The mode that runs (a mode may fall back to another one and say why in `ready`).
        self.mode = mode
        # Extra fields for the ready line.
        self.ready = {}
        self.profile = profile
        self.world = world
        self.bind = bind
        self.port = port
        self.spawn = backend.spawn


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--scratch', required=True, help='directory with nova.conf and world.json; databases go here')
    parser.add_argument('--profile', required=True, help='harness.json: the release profile')
    parser.add_argument('--world', required=True, help='JSON file describing the world to seed')
    parser.add_argument('--port', type=int, default=0, help='0: an ephemeral port, reported in the ready line')
    parser.add_argument('--bind', default='127.0.0.1')
    parser.add_argument('--api-paste', default=None,
                        help='the release\'s own api-paste.ini (default: the profile\'s, else %s)' % DEFAULT_API_PASTE)
    parser.add_argument('--schema-cache', default=None,
                        help='directory keeping the empty schemas between runs (default <scratch>/template)')
    parser.add_argument('--fresh', action='store_true', help='recreate the schemas')
    parser.add_argument('--mode', default='api', help='nova_mode_<mode>.py builds the app (default api)')
    return parser.parse_args(argv)


def exit_with_parent(parent):
    """The launcher stops the harness by its process group; if the launcher itself is killed
    (SIGKILL, a crashed test worker) nobody would, so leave as soon as it is gone. (As a
    container's first process the parent is 0 and never changes: the container runtime stops it.)"""
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(1)  # green after Nova's eventlet patching


def main(argv=None):
    args = parse_args(argv)
    # Stop at once on SIGTERM (the launcher signals the whole process group; docker stop).
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    scratch = os.path.abspath(args.scratch)
    with open(args.profile) as handle:
        profile = json.load(handle)
    with open(args.world) as handle:
        world = json.load(handle)

    nova_paste.write(args.api_paste or profile.get('api_paste') or DEFAULT_API_PASTE,
                     os.path.join(scratch, 'api-paste.ini'), profile['auth'])
    parent = os.getppid()
    remove_write_ahead_logs(scratch)
    nova_schemas.prepare_databases(scratch, args.schema_cache and os.path.abspath(args.schema_cache), args.fresh)
    if os.getppid() != parent:
        sys.exit(0)  # the launcher died while the schemas were being created

    backend = importlib.import_module('nova_backend_%s' % profile['server'])
    backend.prepare()  # before anything imports Nova
    os.environ['OS_NOVA_CONFIG_DIR'] = scratch
    os.environ['OS_NOVA_CONFIG_FILES'] = 'api-paste.ini;nova.conf'
    listener, port = backend.listen(args.bind, args.port)
    mode = importlib.import_module('nova_mode_%s' % args.mode)
    ctx = HarnessContext(scratch, profile, world, args.bind, port, backend, args.mode)
    app = mode.build(ctx)
    if parent > 1:
        backend.spawn(lambda: exit_with_parent(parent))
    # oslo/eventlet may have replaced the SIGTERM handler.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    from importlib import metadata
    sys.stdout.write(READY_PREFIX + json.dumps({
        'port': port, 'release': profile.get('release'), 'nova_version': metadata.version('nova'),
        'mode': ctx.mode, 'server': profile['server'], **ctx.ready}) + '\n')
    sys.stdout.flush()
    backend.serve(listener, app)


if __name__ == '__main__':
    main()
