"""Bodies made once per key (pages, downloads) and kept, least recently used dropped first."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.store.etag import etag_of

MEMO_SIZE = 256
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class Memo:
    """(body, ETag) per key, up to `size` entries; safe to use from the thread pool."""

    size: int = MEMO_SIZE
    _entries: OrderedDict[Hashable, tuple[bytes, str]] = field(init=False, default_factory=OrderedDict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def get(self, key: Hashable) -> tuple[bytes, str] | None:
        """Return a memoised (body, ETag), or None."""
        with self._lock:
            return self._entries.get(key)

    def make(self, key: Hashable, make: Callable[[], bytes]) -> tuple[bytes, str]:
        """Return (body, ETag) for a key, made once; the least recently used are dropped."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        body = make()
        entry = (body, etag_of(body))
        with self._lock:
            self._entries[key] = entry
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry


class Kept(Generic[K, V]):
    """Values made once per key, the newest `size` kept (oldest made, first dropped). No lock: each make is
    pure, so two requests racing for one key at worst make it twice. Readers copy a value, never change it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = make()
            if len(self._values) > self.size:
                self._values.popitem(last=False)
        return found
