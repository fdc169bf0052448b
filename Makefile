# Two entry points for a fresh clone: `make run` (set up and serve) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint sysdeps bench

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bases serve $(ARGS)

# Debian packages the tests use: Chromium (browser tests) and nginx (the repo's nginx.conf, run for real).
sysdeps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/bases validate
	$(BIN)/bases build --check

test: $(STAMP) sysdeps lint
	$(BIN)/pytest -q

# What the benchmarks need besides the project: wrk and nginx (Debian), pygeoapi (its own venv).
bench: $(STAMP) sysdeps
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	@[ -x .venv-peer/bin/pygeoapi ] || { $(PY) -m venv .venv-peer && .venv-peer/bin/pip install --quiet pygeoapi "uvicorn[standard]"; }
	$(BIN)/pip install --quiet py-spy granian
	@echo "ready: see README, 'Benchmarks and load scripts'"
