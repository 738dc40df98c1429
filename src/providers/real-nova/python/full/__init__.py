"""The full control-plane mode of the real-Nova harness (nova_mode_full.py builds it): the real
API, conductor, scheduler, placement and a libvirt compute per world host over Nova's fake
libvirt, in one process, built with Nova's own functional-test machinery. See
docs/real-nova-full.md."""
