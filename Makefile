# Leert Door intake assistant: `make run` and `make test` are all the set-up there is.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_API_BASE := $(shell scripts/find-python 3.11+)
API_VENV := .venv-api
API_PY := $(API_VENV)/bin/python
# uv lives in a venv of its own, called by path: `pip install uv` puts no shim on PATH (pyenv), so
# recipes never rely on `uv` being found by name.
TOOLS_VENV := .venv-tools
UV := $(TOOLS_VENV)/bin/uv

API_PORT ?= 8000
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/leertdoor_test

# Extra processes for `make run` and extra suites for `make test` come from mk/*.mk
RUN_PROCS :=
TEST_SUITES :=
-include mk/*.mk

.PHONY: uv help run test test-fresh-clone startup-bench lint typecheck test-data test-deploy test-api test-api-sqlite test-api-postgres migrate seed adviser bench lock env api-env

help:
	@echo "make run    - install what is missing, migrate, seed demo data, start everything"
	@echo "make test   - lint, type checks and the whole test suite (SQLite and PostgreSQL)"
	@echo "make adviser EMAIL=... PASSWORD=... [NAME=...] [ROLE=adviser|admin]"
	@echo "make bench  - API latency and booking race figures on PostgreSQL"
	@echo "make bot-bench     - whole conversations through Rasa: latency per turn type, turns/s, memory"
	@echo "make startup-bench - cold and warm \`make run\` on a fresh clone, to ready"

$(UV): requirements/tools.txt
	@echo "== installing uv into $(TOOLS_VENV) (a few seconds)"
	@$(PY_API_BASE) -m venv $(TOOLS_VENV)
	@$(TOOLS_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements/tools.txt
	@touch $@

uv: $(UV)

$(API_VENV)/.stamp: requirements/api.lock requirements/api-dev.lock | $(UV)
	@echo "== API environment ($(API_VENV), Python 3.11+): about 10 s"
	@$(UV) venv -q --allow-existing --python $(PY_API_BASE) $(API_VENV)
	@$(UV) pip sync -q --python $(API_PY) requirements/api.lock requirements/api-dev.lock
	@touch $@

api-env: $(API_VENV)/.stamp

.env:
	scripts/ensure-env .env

env: .env
	@scripts/ensure-env .env

lock: $(UV)
	cd requirements && ../$(UV) pip compile -q --python-version 3.11 api.in -o api.lock && \
	  ../$(UV) pip compile -q --python-version 3.11 api-dev.in -o api-dev.lock

migrate: api-env env
	$(API_PY) -m api.cli migrate

seed: migrate
	$(API_PY) -m api.cli seed

adviser: api-env env migrate
	@test -n "$(EMAIL)" -a -n "$(PASSWORD)" || { echo "usage: make adviser EMAIL=... PASSWORD=... [NAME=...] [ROLE=adviser|admin]"; exit 2; }
	@$(API_PY) -m api.cli adviser --email "$(EMAIL)" --password-env ADVISER_PASSWORD $(if $(NAME),--name "$(NAME)") $(if $(ROLE),--role "$(ROLE)")
adviser: export ADVISER_PASSWORD = $(PASSWORD)

run: api-env env seed $(RUN_DEPS)
	@echo ""
	@echo "  Landing page and API : http://localhost:$(API_PORT)/   (docs: http://localhost:$(API_PORT)/docs)"
	@echo "  Health               : http://localhost:$(API_PORT)/healthz  http://localhost:$(API_PORT)/readyz"
	@$(foreach url,$(RUN_URLS),echo "  $(url)";)
	@if [ -f bot/channels/whatsapp_status.py ]; then printf "  "; python3 bot/channels/whatsapp_status.py; fi
	@echo "  Ctrl-C stops everything."
	@echo ""
	@python3 scripts/run_all.py \
	  api="$(API_PY) -m api.serve --port $(API_PORT)" \
	  $(RUN_PROCS)

lint: api-env lint-bot
	$(API_VENV)/bin/ruff check api tests bench scripts
	$(API_VENV)/bin/ruff format --check api tests bench scripts

typecheck: api-env typecheck-bot
	$(API_VENV)/bin/mypy api

test-api-sqlite: api-env
	TEST_DATABASE=sqlite $(API_VENV)/bin/pytest -q tests/api -p no:cacheprovider

test-api-postgres: api-env
	@if $(API_PY) -m api.testing.postgres "$(PG_TEST_URL)"; then \
	  TEST_DATABASE=postgresql TEST_POSTGRES_URL="$(PG_TEST_URL)" $(API_VENV)/bin/pytest -q tests/api -p no:cacheprovider; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but not reachable at $(PG_TEST_URL)"; exit 1; fi; \
	  echo "SKIPPED: the PostgreSQL part of the API tests (no server at $(PG_TEST_URL))."; \
	fi

test-api: test-api-sqlite test-api-postgres

test-deploy: api-env
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/deploy

# The held-out NLU set must never leak into the training data.
test-data: api-env
	$(API_PY) tests/heldout/check_overlap.py

# A new user's `make run` on a fresh clone with no uv on PATH, up to /readyz (the trained model is
# copied in when its inputs are equal; `make startup-bench` times the cold and warm starts).
test-fresh-clone: bot-model
	scripts/check-fresh-clone

startup-bench:
	scripts/check-fresh-clone --cold --warm

test: lint typecheck test-api test-deploy test-data test-fresh-clone $(TEST_SUITES)

bench: api-env env
	PYTHONPATH=$(CURDIR) $(API_PY) bench/api_bench.py --database-url "$(PG_TEST_URL:leertdoor_test=leertdoor_bench)"
