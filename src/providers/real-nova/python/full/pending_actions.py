"""Migration actions the API has cast to a compute but the compute has not handled yet.

Abort (``DELETE /servers/{id}/migrations/{mid}``) and force-complete answer 202 as soon as the
API has cast ``live_migration_abort`` / ``live_migration_force_complete`` to the source compute;
the compute acts on the running job later. ``settle`` ("run everything asked for to its end")
must let those casts land before it releases the held jobs, or a release could overtake an
abort the client already got a 202 for. Counted per instance UUID: +1 when the API casts
(nova.compute.rpcapi), -1 when the compute manager's handler returns (nova.compute.manager),
with a state-change signal so a waiter re-checks. Same method names in every release Debian
ships (Victoria … Hibiscus).
"""
import collections
import functools
import threading

import fixtures

ACTIONS = ('live_migration_abort', 'live_migration_force_complete')


class PendingActions:
    def __init__(self, signal):
        self._signal = signal
        self._lock = threading.Lock()
        self._pending = collections.Counter()

    def install(self, test):
        from nova.compute import manager, rpcapi
        for name in ACTIONS:
            test.useFixture(fixtures.MonkeyPatch('nova.compute.rpcapi.ComputeAPI.%s' % name,
                                                 self._casting(getattr(rpcapi.ComputeAPI, name))))
            test.useFixture(fixtures.MonkeyPatch('nova.compute.manager.ComputeManager.%s' % name,
                                                 self._handling(getattr(manager.ComputeManager, name))))

    def _casting(self, original):
        pending = self

        @functools.wraps(original)
        def cast(api, ctxt, instance, *args, **kwargs):
            pending._add(instance.uuid, 1)
            try:
                return original(api, ctxt, instance, *args, **kwargs)
            except Exception:
                pending._add(instance.uuid, -1)  # never sent: nothing will handle it
                raise
        return cast

    def _handling(self, original):
        pending = self

        @functools.wraps(original)
        def handle(manager, context, instance, *args, **kwargs):
            try:
                return original(manager, context, instance, *args, **kwargs)
            finally:
                pending._add(instance.uuid, -1)
        return handle

    def _add(self, instance_uuid, delta):
        with self._lock:
            self._pending[instance_uuid] = max(0, self._pending[instance_uuid] + delta)
        self._signal(instance_uuid)

    def none_for(self, instance_uuids):
        """True when no abort or force-complete of these instances is still on its way."""
        with self._lock:
            return all(self._pending[uuid] == 0 for uuid in instance_uuids)
