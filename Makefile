# Two entry points for a fresh clone: `make run` (set up and serve) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PEER := .venv-peer
PEER_STAMP := $(PEER)/.installed

.PHONY: run test lint sysdeps peers bench benchdeps qgis

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bases serve $(ARGS)

# Debian packages the tests use: Chromium (browser tests), nginx (the repo's nginx.conf, run for real), GDAL's
# ogrinfo/ogr2ogr (gdal-bin) and its bindings for Debian's python3 (python3-gdal, for validate_gpkg.py), Node.js and
# npm (geojsonhint) and wrk (the bench scripts `make test` runs once) where the machine has none: one apt-get
# update and one install for all of them. Headless QGIS (python3-qgis: about 170 packages, some 9 minutes on a
# 2-core machine) does not fit CI's 20 minutes: `make qgis` installs it, and its test runs where it is installed.
sysdeps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  command -v ogrinfo >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	  /usr/bin/python3 -c "import osgeo.ogr" >/dev/null 2>&1 || missing="$$missing python3-gdal"; \
	  command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	  command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

# The third-party validators of tests/test_peers.py that are not Python packages of the test extra:
# geojsonhint (npm, tests/peers/package.json and its lock) and validate_gpkg.py of gdal-utils, installed without
# its `gdal` requirement (which would build GDAL's bindings from source); it runs under Debian's python3-gdal.
PEERS_NPM := tests/peers/node_modules/.installed
GDAL_UTILS := $(VENV)/.gdal-utils

$(PEERS_NPM): tests/peers/package.json tests/peers/package-lock.json
	npm ci --prefix tests/peers --no-audit --no-fund --loglevel=error
	touch $@

# cffconvert (validates CITATION.cff) pins jsonschema<4, which openapi-spec-validator and schemathesis
# cannot share; it runs as it is with jsonschema 4, so it is installed without its pins.
CFFCONVERT := $(VENV)/.cffconvert
$(CFFCONVERT): $(STAMP)
	$(BIN)/pip install --quiet --no-deps 'cffconvert==2.0.0'
	touch $@

$(GDAL_UTILS): $(STAMP)
	$(BIN)/pip install --quiet --no-deps 'gdal-utils==3.13.3.0'
	touch $@

# ogctests (the OGC API conformance suite) pins an older openapi-schema-validator than
# openapi-spec-validator needs, so it has a venv of its own.
OGCTESTS := .venv-ogctests/.installed
$(OGCTESTS):
	$(PY) -m venv .venv-ogctests
	.venv-ogctests/bin/pip install --quiet --upgrade pip
	.venv-ogctests/bin/pip install --quiet "ogctests==0.1.15"
	touch $@

peers: sysdeps $(PEERS_NPM) $(GDAL_UTILS) $(OGCTESTS) $(CFFCONVERT)

qgis:
	@/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends python3-qgis qgis-providers >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/bases validate
	$(BIN)/bases build --check

test: $(STAMP) sysdeps peers benchdeps lint
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

benchdeps: $(STAMP) sysdeps $(PEER_STAMP)

bench: benchdeps
	@echo "ready: see README, 'Benchmarks and load scripts'"
