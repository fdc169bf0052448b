# Two entry points for a fresh clone: `make run` (set up and serve) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PEER := .venv-peer
PEER_STAMP := $(PEER)/.installed

.PHONY: run test lint sysdeps bench benchdeps

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bases serve $(ARGS)

# Debian packages the tests use: Chromium (browser tests), nginx (the repo's nginx.conf, run for real), GDAL's tools.
sysdeps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  command -v ogr2ogr >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/bases validate
	$(BIN)/bases build --check

test: $(STAMP) sysdeps benchdeps lint
	$(BIN)/pytest -q

# What the benchmarks need besides the project: wrk and nginx (Debian), pygeoapi (its own venv,
# with starlette, which its ASGI app needs and does not declare). `make test` runs each bench script
# once with tiny settings, so it needs them too.
$(PEER_STAMP):
	$(PY) -m venv $(PEER)
	$(PEER)/bin/pip install --quiet --upgrade pip
	$(PEER)/bin/pip install --quiet pygeoapi starlette "uvicorn[standard]"
	$(PEER)/bin/python -c "import starlette, pygeoapi"
	touch $@

# ogctests (the OGC API conformance suite) pins an older openapi-schema-validator than
# openapi-spec-validator needs, so it has a venv of its own.
OGCTESTS := .venv-ogctests
$(OGCTESTS)/.installed:
	$(PY) -m venv $(OGCTESTS)
	$(OGCTESTS)/bin/pip install --quiet --upgrade pip
	$(OGCTESTS)/bin/pip install --quiet "ogctests==0.1.15"
	touch $@

benchdeps: $(STAMP) sysdeps $(PEER_STAMP) $(OGCTESTS)/.installed
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

bench: benchdeps
	@echo "ready: see README, 'Benchmarks and load scripts'"
