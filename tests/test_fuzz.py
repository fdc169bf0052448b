"""Fuzzing the API from its own OpenAPI document with schemathesis, every check, on a live server.

The command a user runs from the repository's root (where schemathesis.toml is read): positive and
negative data, through the examples, coverage, fuzzing and stateful phases. Every check means: no
5xx, statuses, content types and bodies as documented, a schema-valid request accepted and a
schema-violating one refused (app/web/forms.py makes the two the same rule). Bounded for CI (fixed
seed, few examples an operation). For a longer run by hand:
    FUZZ_EXAMPLES=200 .venv/bin/pytest tests/test_fuzz.py -q
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "20")


def test_schemathesis_with_every_check_finds_no_failure(live_server: str, tmp_path: Path) -> None:
    cli = Path(sys.executable).parent / "schemathesis"
    # run in a scratch folder (schemathesis keeps a cache in ./.schemathesis), with the repository's config
    run = subprocess.run([str(cli), "--config-file", str(ROOT / "schemathesis.toml"), "run",
                          f"{live_server}/openapi.json", "--checks", "all", "--max-examples", EXAMPLES, "--seed", "7",
                          "--no-color", "--generation-database", "none", "--report-dir", str(tmp_path)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=1200,
                         env={**os.environ, "HOME": str(tmp_path)})
    tail = run.stdout[-8000:]
    assert run.returncode == 0, tail
    assert "Selected: 46/46" in run.stdout, tail   # every operation of the document was tried
