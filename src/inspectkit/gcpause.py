"""Building many long-lived objects at once (a repository's records, the index's kept facts)
without the cyclic garbage collector.

Each collection scans every container still alive, so while tens of thousands of objects are
being made, collections triggered by the allocations rescan the growing heap again and again:
that tripled load times and more than doubled the decoding of the index's facts. Those objects
hold no reference cycles (reference counting frees them), so the collector is paused while they
are made, and they are frozen afterwards so that later collections skip them too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for a bulk of long-lived, cycle-free objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
