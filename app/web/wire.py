"""The HTTP protocol `bases serve` gives uvicorn: uvicorn's own (httptools), with its writes consolidated.

uvicorn writes each answer to its socket as soon as it is made. Under load that is one write, and one
wake-up of the client, per answer, while the event loop has the next requests already read and waiting:
the loop then turns once for each. Here, as Netty's flush consolidation does, small writes are held
while other answers are being made and sent at the end of the event loop's turn; the last answer in
the making, and any answer made while no other is (one client at a time), goes out at once. A large
write (a download's slice) goes out at once too, after what is held, so uvicorn's flow control still
paces large bodies. The end-of-turn flush is also what sends anything written outside an answer's
completion (a streamed body's slices, a `100 Continue`).
"""

import asyncio
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: Writes are held while they add up to less than this; a write this large is sent at once.
JOIN_BELOW = 64 * 1024


class JoinedTransport:
    """A socket transport that holds small writes until `flush` (called at the latest at the end of the
    event loop's turn in which the first was held), then sends them as one."""

    __slots__ = ("_held", "_loop", "_size", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._held: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if len(data) >= JOIN_BELOW:
            self.flush()
            self._transport.write(data)
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(data)
        self._size += len(data)
        if self._size >= JOIN_BELOW:
            self.flush()

    def flush(self) -> None:
        """Send what is held (nothing to do when nothing is)."""
        if self._held:
            data = b"".join(self._held) if len(self._held) > 1 else self._held[0]
            self._held, self._size = [], 0
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:   # the rest of the transport's interface, as it is
        return getattr(self._transport, name)


class JoinedWrites(HttpToolsProtocol):
    """uvicorn's httptools protocol on a JoinedTransport: an answer completed while others are in the
    making waits for the end of the loop's turn; otherwise it is sent as it completes."""

    #: The connections with a request read and its answer not yet complete, in this process.
    making: ClassVar[set["JoinedWrites"]] = set()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self.joined = JoinedTransport(transport, self.loop)
        super().connection_made(self.joined)  # type: ignore[arg-type]

    def connection_lost(self, exc: Exception | None) -> None:
        JoinedWrites.making.discard(self)
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.cycle is not None and not self.cycle.response_complete:   # not a WebSocket upgrade
            JoinedWrites.making.add(self)

    def on_response_complete(self) -> None:
        JoinedWrites.making.discard(self)
        if not JoinedWrites.making:
            self.joined.flush()
        super().on_response_complete()
