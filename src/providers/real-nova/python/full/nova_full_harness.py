#!/usr/bin/python3
"""mvmatrix full-mode harness: the REAL Nova control plane in one process — API on a real
loopback port, conductor, scheduler, placement and one libvirt compute service (over Nova's
fake libvirt) per world host, wired with oslo.messaging's in-memory driver.

Started by src/providers/real-nova/launcher.ts (``full: true``) with the same arguments as
nova_harness.py. It builds the control plane (control_plane.py), creates the world through
the real services (world.py), serves Nova and the control API (/_mvmatrix/, control_api.py)
on one port, and prints ``MVMATRIX-READY {"port": N, "mode": "full"}`` when it answers.

Nothing here talks to anything but 127.0.0.1.
"""
import argparse
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def log(message):
    sys.stderr.write('nova-full-harness: %s\n' % message)
    sys.stderr.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--scratch', required=True)
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--bind', default='127.0.0.1')
    parser.add_argument('--world', required=True, help='JSON file describing the world to create')
    # Accepted for the launcher's sake; the full mode keeps its databases in memory.
    parser.add_argument('--schema-cache', default=None)
    parser.add_argument('--fresh', action='store_true')
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    scratch = os.path.abspath(args.scratch)
    parent = os.getppid()
    started = time.monotonic()

    sys.argv = [sys.argv[0]]  # oslo.config must not see the harness's arguments
    sys.path.insert(0, HERE)
    import nova.monkey_patch  # noqa: F401  (before anything else of Nova, or eventlet)
    import serve
    from control_plane import ControlPlane
    from world import FullWorld

    with open(args.world) as handle:
        spec = json.load(handle)
    plane = ControlPlane(scratch, spec)
    plane.setUp()
    log('control plane up in %.1f s' % (time.monotonic() - started))
    world = FullWorld(plane, spec)
    world.seed()
    log('world created in %.1f s' % (time.monotonic() - started))
    serve.serve(args.bind, args.port, plane.app, world, parent)


if __name__ == '__main__':
    main()
