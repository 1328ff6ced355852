# The README's vocabulary. Only Python 3.12+ is needed: uv is fetched into .tools if missing.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres test-browser test-system lint format check demo bench clean

$(UV):
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"

install: $(UV)
	$(UV) sync --locked

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	@# The task worker (e-mails, follow-ups) runs beside the site and stops with it.
	$(PY) manage.py db_worker & trap 'kill $$!' EXIT INT TERM; $(PY) manage.py runserver $(HOST):$(PORT)

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Real gunicorn servers, the task worker, PostgreSQL and Redis, driven over HTTP (systemtests/
# says what they need). The suite's property and schema test plugins are not loaded: unused here.
test-system: install
	$(PY) -m pytest systemtests -p no:schemathesis -p no:hypothesispytest -rP $(PYTEST_ARGS)

lint: install
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

format: install
	$(UV) run --locked ruff check --fix .
	$(UV) run --locked ruff format .

bench: install
	$(PY) bench/run.py --complaints $(or $(COMPLAINTS),10000)

clean:
	rm -rf .venv .tools staticfiles media uploads db.sqlite3*
