# Newsroom: `make run` serves the demo newsroom, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
PYTEST_ARGS ?=

# The first Python 3.12+ found: $(PYTHON) if given, then the usual names, then pyenv's versions.
find_python = $(shell for p in $(PYTHON) python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	command -v $$p; break; fi; done)

.PHONY: run test e2e serve migrate demo demo-logins lint bench bench-smoke soak clean

$(VENV)/.installed: pyproject.toml
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		py="$(find_python)"; \
		if [ -z "$$py" ]; then echo "Newsroom needs Python 3.12 or newer; install it or run: make PYTHON=/path/to/python3.12" >&2; exit 1; fi; \
		echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

demo-logins: $(VENV)/.installed
	$(PY) manage.py seed_demo --reset-passwords

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Newsroom is starting on http://$(HOST):$(PORT)/"
	@echo "  Editorial admin:        http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins: writer, editor, admin (passwords were printed when the demo was loaded;"
	@echo "  'make demo-logins' prints new ones)."
	@echo ""
	$(VENV)/bin/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips "127.0.0.1"

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: $(VENV)/.installed
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# Load benchmark of the public pages at 10k, 100k and 1M articles (see docs/PERFORMANCE.md).
# Options go in BENCH_ARGS, e.g. make bench BENCH_ARGS="--sizes 10k --duration 10 --cache off".
BENCH_ARGS ?=
bench: $(VENV)/.installed
	BENCH_COMMAND='make bench$(if $(BENCH_ARGS), BENCH_ARGS="$(BENCH_ARGS)")' $(PY) -m bench.run $(BENCH_ARGS)

# The same harness at 2k articles and 3 s per page: checks it works, in under two minutes.
bench-smoke: $(VENV)/.installed
	BENCH_COMMAND='make bench-smoke' $(PY) -m bench.run --sizes 2k --duration 3 --warmup 1 --photos 8 --article-urls 300 \
		--doc var/bench/smoke-PERFORMANCE.md $(BENCH_ARGS)

# Readers and editors on gunicorn + PostgreSQL + Redis for SOAK_MINUTES; errors, lost saves,
# worker memory (see docs/PERFORMANCE.md, "Soak").
SOAK_MINUTES ?= 5
soak: $(VENV)/.installed
	SOAK_COMMAND='make soak$(if $(filter-out 5,$(SOAK_MINUTES)), SOAK_MINUTES=$(SOAK_MINUTES))' \
		$(PY) -m bench.soak --minutes $(SOAK_MINUTES)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var/static
