# Vendepunkt: the two commands of the README, and the steps they are made of.
#   make run    set everything up and serve the demo at http://127.0.0.1:8000 (SQLite)
#   make test   set everything up, lint, and run every test tier

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# The shared cache of the PostgreSQL tier (D46b): each run keys under a prefix of its own.
REDIS_TEST_URL ?= redis://127.0.0.1:6379/3
# What settings.py needs to load for the checks of `make lint` (mypy's Django plugin, the
# migration check), the same throwaway values as the tests' (pyproject.toml), on a SQLite file
# in test-artifacts/ and never a configured database.
LINT_ENV := SECRET_KEY=lint-secret-key-not-for-production-0123456789abcdefghijklmnop \
	VENDEPUNKT_ENCRYPTION_KEY=3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
	ALLOWED_HOSTS=localhost DEBUG=false DATABASE_URL= CACHE_URL= REDIS_URL= \
	VENDEPUNKT_VAR_DIR=$(CURDIR)/test-artifacts/lint-var VENDEPUNKT_ENV_FILE=/nonexistent \
	PYTHONPATH=$(CURDIR)/src
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-test lint test-unit test-db-sqlite test-db-postgres test-browser lock messages clean

run: setup
	@$(BIN)/python -m vendepunkt.cli init-env
	@$(BIN)/python manage.py migrate --noinput -v0
	@$(BIN)/python manage.py collectstatic --noinput -v0
	@$(BIN)/python manage.py sync_standards
	@$(BIN)/python manage.py demo --if-empty --courses 40 --logins var/demo-logins.txt
	@echo ""
	@echo "Vendepunkt kører på / is running at http://$(HOST):$(PORT)/ (SQLite: var/vendepunkt.sqlite3)"
	@echo "Log ind på / sign in at http://$(HOST):$(PORT)/login/ med en af demo-brugerne ovenfor / with a demo user above;"
	@echo "første gang opsættes to-faktor-login med en kode-app / the first sign-in sets up two-factor sign-in with an authenticator app."
	@echo "Baggrundsarbejderen (påmindelser) kører ved siden af / the background worker (reminders) runs beside gunicorn."
	@# The worker (manage.py worker: the job queue and the reminder scan, D96) runs in the
	@# background and is stopped when gunicorn stops, by Ctrl+C or otherwise.
	@$(BIN)/python manage.py worker -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/python -m gunicorn vendepunkt.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

test: setup-test lint test-unit test-db-sqlite test-db-postgres test-browser

# `make run` installs what running needs (requirements.lock), `make test` also what developing
# needs (requirements-dev.lock): each syncs the venv to its lock file (D46).
setup: $(VENV)/.installed-run node_modules/.installed
	@scripts/system-deps.sh run

setup-test: $(VENV)/.installed-dev node_modules/.installed
	@scripts/system-deps.sh test

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-run: requirements.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip sync -q --link-mode=copy --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --link-mode=copy --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-dev
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip sync -q --link-mode=copy --python $(BIN)/python requirements-dev.lock
	$(BIN)/uv pip install -q --link-mode=copy --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-run
	@touch $@

# Front-end packages: "dependencies" are served at run time, "devDependencies" (axe-core) serve
# the browser tests; a production install may use `npm ci --omit=dev`.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint:
	$(BIN)/python -m ruff check src tests
	$(BIN)/python -m ruff format --check src tests
	$(BIN)/python -m bandit -q -r src
	PYTHONPATH=$(CURDIR)/src $(BIN)/lint-imports --no-cache
	$(LINT_ENV) $(BIN)/python -m mypy
	$(LINT_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test-unit:
	$(BIN)/python -m pytest tests/unit

test-db-sqlite:
	VENDEPUNKT_EXPECT_DB=sqlite $(BIN)/python -m pytest tests/db tests/web tests/api tests/reports tests/registers tests/security

test-db-postgres:
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) VENDEPUNKT_EXPECT_DB=postgresql \
		VENDEPUNKT_EXPECT_CACHE=redis $(BIN)/python -m pytest tests/db tests/web tests/api tests/reports tests/registers tests/security

test-browser:
	$(BIN)/python -m pytest tests/browser

# Re-lock the Python dependencies after changing pyproject.toml: for developing (runtime + dev),
# then for running, held to the same versions.
lock: $(BIN)/uv
	$(BIN)/uv pip compile -q --python-version 3.11 --extra dev pyproject.toml -o requirements-dev.lock
	$(BIN)/uv pip compile -q --python-version 3.11 pyproject.toml -c requirements-dev.lock -o requirements.lock

# Re-extract and compile the interface translations (needs gettext).
messages:
	cd src/vendepunkt && ../../$(BIN)/python ../../manage.py makemessages -l da -i "rules/*"
	cd src/vendepunkt && ../../$(BIN)/python ../../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var test-artifacts

# Benchmarks, not part of `make test` (docs/performance.md): the deadline engine on 10,000
# synthetic courses, and the worklist on PostgreSQL in the database test_bench, filled once by the
# demo generator and kept between runs (BENCH_ARGS=--create-db rebuilds it).
.PHONY: bench
bench: setup-test
	@mkdir -p test-artifacts
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest tests/perf --reuse-db \
		--benchmark-json=test-artifacts/benchmarks.json $(BENCH_ARGS)

# Issue 5 § 4 (docs/performance.md § 4): the worklist and a citizen's timeline over the API with
# 16 concurrent locust users against gunicorn on test_bench (built by `make bench`). Not part of
# `make test`. BENCH_API_ARGS="--duration 150 --warmup 30 --workers 3" (the defaults).
.PHONY: bench-api
bench-api: setup-test
	$(BIN)/python tests/perf/run_api_load.py $(BENCH_API_ARGS)

# Issue 10 § 5 (docs/performance.md § 6): the embedded default (SQLite) under a centre of 20 staff
# reading and writing over the API, with locust, against gunicorn with 2 workers as `make run`
# serves it, on a fresh demo database in test-artifacts/sqlite-load/var. Not part of `make test`.
# BENCH_SQLITE_ARGS="--duration 120 --warmup 20 --users 20" (the defaults; --sqlite-defaults
# serves with Django's SQLite defaults, as before, for comparison).
.PHONY: bench-sqlite
bench-sqlite: setup-test
	$(BIN)/python tests/perf/run_sqlite_load.py $(BENCH_SQLITE_ARGS)
