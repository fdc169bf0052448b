"""Fuzzing the API from its own OpenAPI document with schemathesis: no 5xx, responses as documented.

Bounded for CI (fixed seed, few examples a route). For a longer run by hand:
    FUZZ_EXAMPLES=500 .venv/bin/pytest tests/test_fuzz.py -q
"""

import os
import tempfile
from pathlib import Path

import schemathesis
import schemathesis.core.storage
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# schemathesis keeps its cache and crash reports in ./.schemathesis: keep them out of the work tree
schemathesis.core.storage.DEFAULT_ROOT = Path(tempfile.mkdtemp(prefix="atlas-schemathesis-"))
APP = create_app(Settings(geodata_dir=ROOT / "geodata"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])
