"""ETags of bodies and of large built files (the validators every response carries)."""

import hashlib
from pathlib import Path


def etag_of(body: bytes) -> str:
    """Return a strong ETag for a body: 96 bits of its SHA-256 (which the CPU computes: twice as fast as
    BLAKE2 here, and every API answer is hashed)."""
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def file_etag(path: Path, size: int) -> str:
    """A large build's ETag: its size, modification time and first and last MiB (not a full hash,
    which took a second at start-up; a rebuild changes the time, and any edit the size or ends)."""
    digest = hashlib.blake2b(f"{size}:{path.stat().st_mtime_ns}".encode(), digest_size=12)
    with path.open("rb") as fh:
        digest.update(fh.read(1 << 20))
        fh.seek(max(0, size - (1 << 20)))
        digest.update(fh.read())
    return '"' + digest.hexdigest() + '"'
