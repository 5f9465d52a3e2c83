# The outbox (api/outbox, api/notifications): the scheduler that sends confirmations, reminders
# and notices, started by `make run`; its tests on SQLite and PostgreSQL (a local SMTP server and
# a local stand-in for Twilio's Messages API; a fake clock, no sleeping).
RUN_PROCS += scheduler="$(API_PY) -m api.cli scheduler"
RUN_DEPS += outbox-status
TEST_SUITES += test-outbox

OUTBOX_PG_URL ?= $(PG_TEST_URL)_outbox

.PHONY: outbox-status test-outbox test-outbox-sqlite test-outbox-postgres

# One line before `make run` starts: which channels the reminders can use.
outbox-status: api-env
	@$(API_PY) -m api.cli scheduler --status

test-outbox-sqlite: api-env
	TEST_DATABASE=sqlite $(API_VENV)/bin/pytest -q -p no:cacheprovider tests/outbox

test-outbox-postgres: api-env
	@if $(API_PY) -m api.testing.postgres "$(OUTBOX_PG_URL)"; then \
	  TEST_DATABASE=postgresql TEST_POSTGRES_URL="$(OUTBOX_PG_URL)" $(API_VENV)/bin/pytest -q -p no:cacheprovider tests/outbox; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but not reachable at $(OUTBOX_PG_URL)"; exit 1; fi; \
	  echo "SKIPPED: the PostgreSQL part of the outbox tests (no server at $(OUTBOX_PG_URL))."; \
	fi

test-outbox: test-outbox-sqlite test-outbox-postgres
