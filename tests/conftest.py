"""Shared fixtures: copies of fixture data sets, a real uvicorn on 127.0.0.1."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

pytest_plugins = ["tests.chromium"]   # the browser fixtures, for every page test
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GEODATA = ROOT / "geodata"
BORDERS = GEODATA / "borders"


@pytest.fixture
def fixture_geodata(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture data set into a temporary folder beside the repo's borders and context layers."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        (target / "borders").symlink_to(BORDERS, target_is_directory=True)
        (target / "context").symlink_to(GEODATA / "context", target_is_directory=True)
        return target

    return copy


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(geodata: Path, env: dict[str, str] | None = None,
                 timeout: float = 90.0) -> tuple[subprocess.Popen[bytes], str]:
    """Start `bases serve` on 127.0.0.1 and wait until /healthz answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "BASES_GEODATA_DIR": str(geodata), **(env or {})},
        # stderr to a file, not a pipe: the access log writes a line a request, and a pipe nobody reads
        # fills up after a few hundred requests and stalls the server
        stdout=subprocess.DEVNULL, stderr=(log := tempfile.TemporaryFile()), cwd=ROOT)  # noqa: SIM115 - closed by _stderr
    LOGS[proc.pid] = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {_stderr(proc)}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError("server did not start in time")


LOGS: dict[int, IO[bytes]] = {}


def _stderr(proc: subprocess.Popen[bytes]) -> str:
    """What a server wrote to stderr so far (its log file is closed once the server has exited)."""
    log = LOGS[proc.pid]
    log.seek(0)
    text = log.read().decode(errors="replace")
    if proc.poll() is not None:
        log.close()
        del LOGS[proc.pid]
    return text


def stop_server(proc: subprocess.Popen[bytes]) -> str:
    """Stop a server (one started by start_server, or any with its stderr piped); return its stderr."""
    proc.terminate()
    if proc.pid not in LOGS:
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        return (err or b"").decode(errors="replace")
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return _stderr(proc)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """A real uvicorn serving the repo's data on 127.0.0.1; yields its base URL."""
    proc, base = start_server(GEODATA)
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One HTTP client for the run, for tests that make hundreds of requests: each bare httpx.get builds a
    client and an SSL context (some 30 ms), plain-http URLs included."""
    with httpx.Client() as client:
        yield client


def _untracked() -> set[str]:
    """Files git would show as new in the work tree (ignored ones excluded), or an empty set outside git."""
    run = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                         capture_output=True, text=True)
    return {line[3:] for line in run.stdout.splitlines() if line.startswith("??")} if run.returncode == 0 else set()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = _untracked()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A test run leaves the work tree as it found it: new untracked files fail the run."""
    left = sorted(_untracked() - session.config.stash.get(_BEFORE, set()))
    if left:
        session.config.get_terminal_writer().line(f"the test run left untracked files: {', '.join(left[:10])}",
                                                  red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[set[str]]()
