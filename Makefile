# The two commands: `make run` (the demo on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run with DEBUG off, as production does, and so need a key of their own.
# They read no .env file (DJANGO_ENV_FILE empty): what a developer keeps there
# never changes what the tests see.
TEST_ENV := DJANGO_ENV_FILE= DJANGO_SECRET_KEY=test-only-not-a-production-key \
	DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0
DEV_ENV := DJANGO_DEBUG=1

.PHONY: help install run demo test test-postgres test-deps messages lint format check clean \
	bench bench-search bench-relevance bench-markup bench-pages soak

# Benchmarks run on PostgreSQL databases of their own, filled once.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DB ?= helpcenter_bench
BENCH_ARTICLES ?= 100000
BENCH_SEARCHES ?= 200

help:
	@echo "make run    - install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   - run the whole test suite (SQLite; DATABASE_URL for PostgreSQL)"
	@echo "make test-postgres - the same suite on PostgreSQL at 127.0.0.1:5432 (TEST_PG)"
	@echo "make lint   - ruff format --check, ruff check, migrations and system checks"
	@echo "make messages - update the translation catalogs and compile them"
	@echo "make bench  - search benchmark on PostgreSQL (5,000 and 100,000 articles)"
	@echo "make bench-relevance - search ranking on the Python documentation, beside baselines"
	@echo "make bench-pages - the pages under gunicorn and wrk, against a bare Django view"
	@echo "make soak   - 32 clients for 60 s against gunicorn, PostgreSQL and Redis"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions, hash-checked, then the project itself.
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Local settings that manage.py commands in this checkout read (helpcenter/
# env.py): debug mode and a secret key of its own. Written once, never
# overwritten; variables set in the environment win over it.
.env:
	@umask 077 && $(PYTHON) -c 'import secrets; print("# Local development only, written by make run (see README.md).\nDJANGO_DEBUG=1\nDJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@.tmp
	@mv $@.tmp $@
	@echo "Wrote .env: DJANGO_DEBUG=1 and a new DJANGO_SECRET_KEY, for this checkout only"

demo: install .env
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: demo
	@echo "Serving Help Center at http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test-deps:
	@sh scripts/install-test-deps.sh

# After changing a user-facing string: update the catalogs, translate the new
# entries in locale/*/LC_MESSAGES/django.po, then compile them (the .mo files
# are committed, so `make run` needs no gettext).
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages --no-obsolete --ignore='tests/*' \
		--locale=fr --locale=de --locale=pt_BR
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore='.venv/*'

test: install test-deps
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite on PostgreSQL, as .ci/run's second pass (the tests make and drop
# a database named test_<name> beside it).
TEST_PG ?= postgres://postgres@127.0.0.1:5432/helpcenter
test-postgres:
	DATABASE_URL=$(TEST_PG) $(MAKE) test

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bench-search bench-markup

# The pages against a bare Django "hello" view (scripts/hello/), with wrk;
# SQLite, or PostgreSQL with DATABASE_URL (a database of its own there).
bench-pages: install test-deps
	$(BIN)/python scripts/bench_pages.py

bench-markup: install
	$(TEST_ENV) $(BIN)/python scripts/bench_markup.py

# Load: SOAK_CLIENTS people for SOAK_SECONDS against gunicorn on a database of
# its own (SOAK_DATABASE_URL); fails on any 5xx or unaccounted vote/comment.
soak: install
	$(TEST_ENV) $(BIN)/python scripts/soak.py

bench-search: install
	@for size in 5000 $(BENCH_ARTICLES); do \
		db=$(BENCH_DB)_$$size; \
		psql "$(BENCH_PG)/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$$db'" \
			| grep -q 1 || psql "$(BENCH_PG)/postgres" -qc "CREATE DATABASE $$db"; \
		echo "== $$size articles ($$db)"; \
		DATABASE_URL=$(BENCH_PG)/$$db $(TEST_ENV) $(BIN)/python manage.py migrate --noinput -v0 && \
		DATABASE_URL=$(BENCH_PG)/$$db $(TEST_ENV) $(BIN)/python manage.py bench_search \
			--articles $$size --searches $(BENCH_SEARCHES) || exit 1; \
	done

# How well search ranks: the Python documentation (python3-doc) as articles,
# its FAQ questions and glossary terms as queries, beside ts_rank and BM25.
bench-relevance: install test-deps
	@db=$(BENCH_DB)_relevance; \
	psql "$(BENCH_PG)/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$$db'" \
		| grep -q 1 || psql "$(BENCH_PG)/postgres" -qc "CREATE DATABASE $$db"; \
	DATABASE_URL=$(BENCH_PG)/$$db $(TEST_ENV) $(BIN)/python manage.py migrate --noinput -v0 && \
	DATABASE_URL=$(BENCH_PG)/$$db $(TEST_ENV) $(BIN)/python manage.py bench_relevance $(RELEVANCE_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media .pytest_cache
