"""A scheduler weigher for the full mode: hosts in the world's order.

The emulator tries scheduler candidates in world order (docs/emulator-model.md: "Scheduler
weighing: hosts are tried in world order"). Nova's own weighers rank by free resources, which
depend on what earlier requests left on each host, and Nova breaks ties by the iteration order
of a set (the hash seed of the process), so the same request could land on either of two equal
hosts. This weigher (a regular scheduler plug-in, `[filter_scheduler] weight_classes`) makes
Nova's scheduler rank the candidates the way the world lists them; filters, Placement and the
conductor's retries are Nova's own.
"""
from nova.scheduler import weights

# Host names, first preferred; set by control_plane.py from the world.
WORLD_ORDER = []


class WorldOrderWeigher(weights.BaseHostWeigher):
    def _weigh_object(self, host_state, weight_properties):
        try:
            position = WORLD_ORDER.index(host_state.host)
        except ValueError:
            position = len(WORLD_ORDER)
        return -position
