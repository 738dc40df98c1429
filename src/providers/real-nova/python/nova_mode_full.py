"""Mode `full` of the harness: the whole Nova control plane in this process — the release's own
API app on the harness's port, nova-conductor, nova-scheduler, Placement and one nova-compute
per world host with the libvirt driver over Nova's fake libvirt, wired with oslo.messaging's
in-memory driver — and the world created through those services (full/, docs/real-nova-full.md).

A mode is a module `nova_mode_<name>.py` with `build(ctx) -> WSGI app` (see nova_harness.py).
The databases are in memory (Nova's functional-test fixtures), so the schemas the harness
prepares are not used.

Where the release's test tree cannot run it (a module or fixture missing, an import that fails
on this Python), the mode says exactly what in its log and in the ready line
(`"full_unavailable": "<reason>"`) and serves the API alone (mode `api`) instead."""
import sys

import nova_mode_api

# What the full mode takes from the installed Nova and Placement (the same list as
# src/providers/real-nova/full-mode.ts probes from the outside).
REQUIRED_MODULES = (
    'nova.tests.functional.libvirt.base',
    'nova.tests.functional.fixtures',
    'placement.tests.functional.fixtures.placement',
    'wsgi_intercept',
    'oslotest.base',
)
REQUIRED_TEST_BASE_METHODS = ('start_service', '_get_connection', 'flags')


def provide_mock():
    """Nova's test tree before Wallaby imports the `mock` backport (python3-mock, not in the
    image); the standard library's unittest.mock is the same API on these Pythons."""
    try:
        import mock  # noqa: F401
    except ImportError:
        import unittest.mock
        sys.modules['mock'] = unittest.mock
        sys.stderr.write('nova-harness: no python3-mock: unittest.mock stands in for it\n')


def unavailable_reason():
    """None when the full mode can run here, else what is missing."""
    provide_mock()
    for name in REQUIRED_MODULES:
        try:
            __import__(name)
        except Exception as exc:
            return 'cannot import %s: %s: %s' % (name, type(exc).__name__, exc)
    from nova.tests.functional.libvirt.base import ServersTestBase
    missing = [m for m in REQUIRED_TEST_BASE_METHODS if not hasattr(ServersTestBase, m)]
    return 'ServersTestBase lacks %s' % ', '.join(missing) if missing else None


def dispatcher(nova_app, control):
    """/_mvmatrix/ → control API, everything else → Nova (Neutron is Nova's own fixture)."""
    def app(environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path.startswith('/_mvmatrix/') or path == '/_mvmatrix':
            return control(environ, start_response)
        return nova_app(environ, start_response)
    return app


def build(ctx):
    reason = unavailable_reason()
    if reason is not None:
        sys.stderr.write('nova-harness: the full control plane cannot run here (%s); serving the API alone\n' % reason)
        ctx.mode = 'api'
        ctx.ready['full_unavailable'] = reason
        return nova_mode_api.build(ctx)
    from full import control_api
    from full.control_plane import ControlPlane
    from full.world import FullWorld
    plane = ControlPlane(ctx.scratch, ctx.world, ctx.profile)
    plane.setUp()
    world = FullWorld(plane, ctx.world)
    world.seed()
    return dispatcher(plane.app, control_api.control_app(world, ctx.profile))
