"""docker-compose.yml, the Dockerfile and nginx.conf, checked against the code (no Docker engine here)."""

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest
import yaml

from app.main import create_app
from app.settings import Settings
from bench.nginxconf import check, local_config, nginx_binary, start
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def instructions(name: str) -> list[str]:
    text = DOCKERFILE.replace("\\\n", " ")
    return [ln.split(None, 1)[1] for ln in text.splitlines() if ln.startswith(name + " ")]


def json_args(text: str) -> list[str]:
    return list(yaml.safe_load(text))


def test_dockerfile_base_image_matches_python_requirement() -> None:
    image = instructions("FROM")[0]
    assert re.match(r"python:3\.11-slim", image)
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_dockerfile_command_is_the_console_script_on_the_exposed_port() -> None:
    cmd = json_args(instructions("CMD")[0])
    assert cmd[0] in PYPROJECT["project"]["scripts"] and cmd[1] == "serve"
    port = cmd[cmd.index("--port") + 1]
    assert instructions("EXPOSE") == [port]
    assert COMPOSE["services"]["atlas"]["expose"] == [port]


def test_dockerfile_copies_what_exists_and_installs_the_project() -> None:
    for copy in instructions("COPY"):
        *sources, _ = shlex.split(copy)
        for source in sources:
            assert (ROOT / source).exists(), source
    assert any("pip install ." in run for run in instructions("RUN"))
    copied = " ".join(instructions("COPY"))
    for needed in ("pyproject.toml", "app", "geodata", "templates"):
        assert needed in copied
    env = " ".join(instructions("ENV"))
    assert "BASES_GEODATA_DIR=/srv/atlas/geodata" in env and "BASES_TEMPLATES_DIR=/srv/atlas/templates" in env
    assert instructions("USER") == ["10001"]


def test_healthchecks_call_a_real_route() -> None:
    paths = set(create_app(Settings()).openapi()["paths"])
    compose_check = " ".join(COMPOSE["services"]["atlas"]["healthcheck"]["test"])
    docker_check = instructions("HEALTHCHECK")[0]
    for text in (compose_check, docker_check):
        found = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", text)
        assert found and found.group(2) in paths and found.group(1) == "8000"


def test_compose_services_are_hardened_and_wired() -> None:
    atlas, nginx = COMPOSE["services"]["atlas"], COMPOSE["services"]["nginx"]
    assert atlas["read_only"] is True and atlas["user"] == "10001" and "/tmp" in atlas["tmpfs"]
    assert atlas["build"] == "." and nginx["depends_on"]["atlas"]["condition"] == "service_healthy"
    for volume in nginx["volumes"]:
        source = volume.split(":")[0]
        assert (ROOT / source).is_file() if source.startswith("./") else source in COMPOSE["volumes"], source
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert f"server atlas:{atlas['expose'][0]};" in conf
    assert "listen 80;" in conf and any(p.endswith(":80") for p in nginx["ports"])
    for var in atlas.get("environment", {}):
        assert var.removeprefix("BASES_").lower() in Settings.model_fields, var


def test_the_export_service_writes_where_nginx_serves_from() -> None:
    export, nginx = COMPOSE["services"]["export"], COMPOSE["services"]["nginx"]
    command = export["command"]
    assert command[0] in PYPROJECT["project"]["scripts"] and command[1] == "export-static"
    assert export["image"] == COMPOSE["services"]["atlas"]["image"] and export["user"] == "10001"
    written = Path(command[2])
    volume = next(v for v in export["volumes"] if v.startswith("export:"))
    mount = Path(volume.split(":")[1])
    assert written.parent == mount and f"export:{mount}:ro" in nginx["volumes"]
    assert nginx["depends_on"]["export"]["condition"] == "service_completed_successfully"
    assert f"{written};" in (ROOT / "deploy" / "nginx.conf").read_text()
    # the image makes the volume's mount point writable by the service's user
    assert any(f"mkdir -p {mount}" in run and f"chown 10001 {mount}" in run for run in instructions("RUN"))
    from app.cli import main
    assert "export-static" in main.commands and "--base-url" in [
        o for p in main.commands["export-static"].params for o in p.opts]


def test_docker_healthcheck_command_works_against_a_real_server(live_server: str) -> None:
    code = json_args(instructions("HEALTHCHECK")[0].split("CMD", 1)[1])[2]
    code = code.replace("http://127.0.0.1:8000", live_server)
    assert subprocess.run([sys.executable, "-c", code], timeout=30).returncode == 0


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by `make test`")
def test_repo_nginx_config_is_valid_and_proxies_with_cache(live_server: str, tmp_path: Path) -> None:
    port = free_port()
    conf = local_config(tmp_path / "nginx", port, upstream=live_server.removeprefix("http://"))
    result = check(conf)
    assert result.returncode == 0, result.stderr
    proc = start(conf, f"http://127.0.0.1:{port}/healthz")
    try:
        first = httpx.get(f"http://127.0.0.1:{port}/bases.geojson", headers={"Accept-Encoding": "gzip"})
        second = httpx.get(f"http://127.0.0.1:{port}/bases.geojson")
        assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
        assert second.headers["x-cache-status"] == "HIT"   # no export here: the app, through the cache
        assert second.content == httpx.get(f"{live_server}/bases.geojson").content
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by `make test`")
def test_repo_nginx_sends_downloads_from_the_export_like_the_app(live_server: str, tmp_path: Path) -> None:
    exported = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "app", "export-static", str(exported)], cwd=ROOT, check=True,
                   capture_output=True)
    port = free_port()
    conf = local_config(tmp_path / "nginx", port, upstream=live_server.removeprefix("http://"), export=exported)
    assert check(conf).returncode == 0
    proc = start(conf, f"http://127.0.0.1:{port}/healthz")
    nginx = f"http://127.0.0.1:{port}"
    try:
        for name in ("bases.geojson", "bases.csv", "bases.kml", "bases.gpkg", "events.csv"):
            got, app = httpx.get(f"{nginx}/{name}"), httpx.get(f"{live_server}/{name}")
            assert got.headers["x-served-from"] == "export", name
            if name.endswith(".gpkg"):   # a GeoPackage records when it was written
                assert got.content.startswith(b"SQLite format 3\x00") and len(got.content) == len(app.content)
            else:
                assert got.content == app.content, name
            for header in ("content-type", "content-disposition", "cache-control", "access-control-allow-origin",
                           "x-content-type-options"):
                assert got.headers[header] == app.headers[header], (name, header)
        zipped = httpx.get(f"{nginx}/bases.geojson", headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        filtered = httpx.get(f"{nginx}/bases.geojson?country=SY")   # a query: the app answers
        assert "x-served-from" not in filtered.headers
        assert filtered.content == httpx.get(f"{live_server}/bases.geojson?country=SY").content
        preflight = httpx.options(f"{nginx}/bases.geojson", headers={
            "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
        assert preflight.status_code == 204 and "GET" in preflight.headers["access-control-allow-methods"]
        refused = httpx.post(f"{nginx}/bases.geojson")
        assert refused.status_code == 405 and refused.json()["error"]["code"] == "method_not_allowed"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
