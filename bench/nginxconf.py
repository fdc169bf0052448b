"""Run the repo's own deploy/nginx.conf on loopback: the same server block, local paths and ports."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"


def local_config(workdir: Path, listen: int, upstream: str | None = None, static_root: Path | None = None,
                 sendfile: bool = True, export: Path | None = None) -> Path:
    """Write an nginx.conf under `workdir` and return it.

    With `upstream` ("127.0.0.1:PORT"), the repo's proxy config runs with that upstream, and with
    `export` (a `bases export-static` folder) as its export; with `static_root` alone, nginx
    serves that folder as plain files (the static-file limit).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "cache").mkdir(exist_ok=True)
    if upstream:
        server = DEPLOY_CONF.read_text()
        server = server.replace("server atlas:8000;", f"server {upstream};")
        server = server.replace("/var/cache/nginx/atlas", str(workdir / "cache"))
        server = server.replace("listen 80;", f"listen 127.0.0.1:{listen};")
        server = server.replace("/srv/export/site", str(export or workdir / "no-export"))
    else:
        server = (f"server {{ listen 127.0.0.1:{listen}; root {static_root}; "
                  "types { application/geo+json geojson; text/html html; application/json json; } "
                  "location / { try_files $uri $uri/index.html $uri.html =404; } }")
    conf = workdir / "nginx.conf"
    user = "user root root;" if os.geteuid() == 0 else ""   # workers must reach the work folder
    conf.write_text(f"""{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    # as the official nginx image's nginx.conf: sendfile on, tcp_nopush left off (on, it held
    # cached 118 KB pages back 40 ms each: 1,550 against 14,400 req/s)
    sendfile {"on" if sendfile else "off"};
    keepalive_requests 100000;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    default_type application/octet-stream;
    {server}
}}
""")
    return conf


def nginx_binary() -> str | None:
    """Return the nginx binary's path, if installed."""
    return shutil.which("nginx") or (str(p) if (p := Path("/usr/sbin/nginx")).exists() else None)


def check(conf: Path) -> subprocess.CompletedProcess[str]:
    """Run `nginx -t` on a config."""
    return subprocess.run([nginx_binary() or "nginx", "-t", "-c", str(conf), "-e", str(conf.parent / "error.log")],
                          capture_output=True, text=True, check=False)


def start(conf: Path, url: str, cpu: int | None = None) -> subprocess.Popen[bytes]:
    """Start nginx in the foreground (optionally pinned to a CPU) and wait until `url` answers."""
    cmd = [nginx_binary() or "nginx", "-c", str(conf), "-e", str(conf.parent / "error.log"), "-g", "daemon off;"]
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            httpx.get(url, timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"nginx did not answer at {url}")
