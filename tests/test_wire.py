"""The served protocol's consolidated writes (app.web.wire): on asyncio's own socket transports, and
through `bases serve` under many clients at once, pipelining and large bodies."""

import asyncio
import hashlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn

from app.main import create_app
from app.web.wire import JOIN_BELOW, JoinedTransport, JoinedWrites
from tests.conftest import free_port


class Counted:
    """asyncio's transport, with its write calls counted (what reaches the socket)."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport, self.writes = transport, 0

    def write(self, data: bytes) -> None:
        self.writes += 1
        self.transport.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


class Pair:
    """A real TCP connection on 127.0.0.1: our side's transport (counted), and the peer's reader."""

    async def __aenter__(self) -> tuple[Counted, asyncio.StreamReader]:
        got: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = \
            asyncio.get_running_loop().create_future()

        async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            got.set_result((reader, writer))

        self.server = await asyncio.start_server(accept, "127.0.0.1", 0)
        _, self.ours = await asyncio.open_connection("127.0.0.1", self.server.sockets[0].getsockname()[1])
        reader, self.theirs = await got
        return Counted(self.ours.transport), reader   # type: ignore[arg-type]

    async def __aexit__(self, *exc: object) -> None:
        self.ours.close()
        self.theirs.close()
        self.server.close()
        await self.server.wait_closed()


def test_small_writes_in_one_turn_reach_the_socket_as_one_write() -> None:
    async def run() -> None:
        async with Pair() as (counted, peer):
            joined = JoinedTransport(counted, asyncio.get_running_loop())   # type: ignore[arg-type]
            joined.write(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n")
            joined.write(b"hello")
            assert counted.writes == 0   # held until the end of this turn of the loop
            await asyncio.sleep(0)
            assert counted.writes == 1
            assert await peer.readexactly(43) == b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello"
            joined.write(b"a")
            joined.flush()               # as an answer completes with no other in the making
            assert counted.writes == 2
            await asyncio.sleep(0)       # the turn's flush finds nothing left
            assert counted.writes == 2

    asyncio.run(run())


def test_a_large_write_goes_out_at_once_after_what_is_held_in_order() -> None:
    async def run() -> None:
        async with Pair() as (counted, peer):
            joined = JoinedTransport(counted, asyncio.get_running_loop())   # type: ignore[arg-type]
            big = bytes(range(256)) * (JOIN_BELOW // 256 + 1)
            joined.write(b"head")
            joined.write(big)
            assert counted.writes == 2   # what was held, then the large write itself: nothing waits
            joined.write(b"tail")
            joined.close()               # closing sends what is held first
            assert counted.writes == 3
            assert await peer.read() == b"head" + big + b"tail"

    asyncio.run(run())


def _raw(base: str, request: bytes) -> bytes:
    """Send raw bytes to the server, read until it closes the connection."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_pipelined_requests_are_answered_in_order(live_server: str) -> None:
    ask = b"GET /bases/%s HTTP/1.1\r\nHost: atlas\r\n\r\n"
    out = _raw(live_server, ask % b"ain-al-asad" + ask % b"no-such-site" + b"GET /healthz HTTP/1.1\r\n"
               b"Host: atlas\r\nConnection: close\r\n\r\n")
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ", out) == [b"200", b"404", b"200"]
    assert out.index(b'"ain-al-asad"') < out.index(b"no-such-site") < out.index(b'"status":"ok"')


def test_many_clients_at_once_each_get_their_own_whole_answer(live_server: str) -> None:
    """64 clients, each asking its own query on one kept-alive connection, 8 times: every answer is the one
    a lone client gets, byte for byte (no answer held for one connection is sent on another, or cut)."""
    queries = [f"/bases?country={c}&limit={n}" for c in ("SY", "IQ") for n in range(1, 33)]
    alone = {q: hashlib.sha256(httpx.get(live_server + q).content).hexdigest() for q in queries}

    def client(query: str) -> list[str]:
        with httpx.Client(base_url=live_server) as c:
            return [hashlib.sha256(c.get(query).content).hexdigest() for _ in range(8)]

    with ThreadPoolExecutor(max_workers=64) as pool:
        for query, digests in zip(queries, pool.map(client, queries), strict=True):
            assert digests == [alone[query]] * 8, query


def test_a_download_larger_than_a_held_write_arrives_whole(live_server: str) -> None:
    with httpx.Client(headers={"Accept-Encoding": "identity"}) as c:
        whole = c.get(f"{live_server}/bases.gpkg")
        assert len(whole.content) > JOIN_BELOW
        assert int(whole.headers["content-length"]) == len(whole.content)
        head = c.head(f"{live_server}/bases.gpkg")
        assert head.content == b"" and head.headers["content-length"] == whole.headers["content-length"]
        again = c.get(f"{live_server}/bases.gpkg", headers={"Range": f"bytes={JOIN_BELOW - 10}-{JOIN_BELOW + 9}"})
        assert again.status_code == 206 and again.content == whole.content[JOIN_BELOW - 10:JOIN_BELOW + 10]


@contextmanager
def _served_in_process() -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 with the protocol `bases serve` uses, in this process (to read its state)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, http=JoinedWrites,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_no_connection_stays_counted_as_making_an_answer() -> None:
    """After answers, pipelined ones, a WebSocket upgrade (which hands the connection to another protocol)
    and a client gone before its answer, no connection is left counted: a stale one would hold every
    later answer to the end of the loop's turn, and its protocol in memory."""
    with _served_in_process() as base:
        for _ in range(3):
            assert httpx.get(f"{base}/bases?country=SY").status_code == 200
        _raw(base, b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                   b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                         b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            assert sock.recv(4096)   # the framework's refusal (no WebSocket route)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /bases.kml HTTP/1.1\r\nHost: a\r\n\r\n")   # and gone without reading
        deadline = time.monotonic() + 10
        while JoinedWrites.making and time.monotonic() < deadline:
            time.sleep(0.05)
        assert JoinedWrites.making == set()
