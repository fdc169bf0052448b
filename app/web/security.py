"""The Content-Security-Policy of pages: this origin only, inline code allowed by hash."""

import base64
import hashlib
import re
from functools import lru_cache

from app.pages.map import TILE_HOSTS
from app.settings import Settings

_INLINE = re.compile(rb"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S | re.I)


@lru_cache(maxsize=64)
def inline_hashes(body: bytes) -> tuple[str, str]:
    """Return the CSP sources ('sha256-...') of a page's inline scripts and styles."""
    scripts: list[str] = []
    styles: list[str] = []
    for match in _INLINE.finditer(body):
        kind, attrs, content = match.group(1).lower(), match.group(2) or b"", match.group(3)
        if kind == b"script" and b"src=" in attrs:
            continue
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
        (scripts if kind == b"script" else styles).append(f"'sha256-{digest}'")
    return " ".join(sorted(set(scripts))), " ".join(sorted(set(styles)))


def page_csp(body: bytes, frame_ancestors: str, img_hosts: str = "") -> str:
    """Return the Content-Security-Policy of an HTML page: only its own origin and inline hashes."""
    scripts, styles = inline_hashes(body)
    return (f"default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; "
            f"img-src 'self' data: {img_hosts}; connect-src 'self'; font-src 'self'; "
            f"object-src 'none'; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}").replace("  ", " ")


def csp_headers(settings: Settings, body: bytes) -> dict[str, str]:
    """The CSP of a page: this origin only, and the page's own inline code by hash."""
    return {"Content-Security-Policy": page_csp(body, settings.frame_ancestors, TILE_HOSTS.get(settings.tiles, ""))}
