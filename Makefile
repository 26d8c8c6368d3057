# The README's two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
ASSETS := src/styringsdialog/web/static/vendor/.installed-$(shell cat package.json | sha1sum | cut -c1-12)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1:8000

.PHONY: run dev test test-sqlite test-postgres install assets lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

$(ASSETS): package.json
	npm install --no-audit --no-fund --loglevel=error
	rm -rf src/styringsdialog/web/static/vendor && mkdir -p src/styringsdialog/web/static/vendor/htmx
	cp -r node_modules/dkfds/dist src/styringsdialog/web/static/vendor/dkfds
	cp node_modules/htmx.org/dist/htmx.min.js src/styringsdialog/web/static/vendor/htmx/
	touch $@

assets: $(ASSETS)

run: install assets
	$(BIN)/styringsdialog migrate --noinput -v 0
	$(BIN)/styringsdialog demo-data --if-empty
	@echo "Åbn http://$(HOST) i din browser (Ctrl-C stopper serveren og baggrundsworkeren)."
	@echo "E-mails fra demoen (fx nulstilling af adgangskode) gemmes som filer i var/mail/."
	@# The worker runs the background jobs (benchmark and reconciliation runs, e-mails) beside
	@# the server and stops with it (docs/reference/jobs.md).
	@# Links in e-mails (password reset) point at the address the demo is served on.
	@export STYRINGSDIALOG_PUBLIC_BASE_URL="$${STYRINGSDIALOG_PUBLIC_BASE_URL:-http://$(HOST)}"; \
	$(BIN)/styringsdialog worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/styringsdialog serve $(HOST)

# The demo above runs with DEBUG off (the Danish error pages); `make dev` is the same with
# Django's debug pages, for people changing the code. Production: docs/deploy.md.
dev: export STYRINGSDIALOG_DEBUG = 1
dev: run

# The gates, almen's tests without Django, then the whole suite on SQLite (with the browser
# tests), then again on PostgreSQL when it is reachable.
CHECKED := src tests benchmarks conftest.py
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/python -m pytest -p no:django -W ignore::pytest.PytestConfigWarning tests/almen $(PYTEST_ARGS)
	$(BIN)/python -m pytest --ignore=tests/almen $(PYTEST_ARGS)
	@if $(BIN)/python -m styringsdialog.web.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -m "not browser" --ignore=tests/almen $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "CI: PostgreSQL skal være tilgængelig på $(PG_URL)"; exit 1; \
	else echo "PostgreSQL er ikke tilgængelig på $(PG_URL): PostgreSQL-kørslen er sprunget over."; fi

# Lint, format, import contracts and types: the cheap gates, also the first step of `make test`.
lint: install assets
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy src

bench: install
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var/styringsdialog.sqlite3* var/media
