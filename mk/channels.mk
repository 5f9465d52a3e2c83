# Channels and scale-out (bot/channels/, bot/lock_store.py, bot/action_server.py): the real system
# as production scales it out (two Rasa instances on Redis and PostgreSQL, two action-server and
# API workers, WhatsApp through a local Twilio stand-in), loaded once for the suite; plus the parts
# that need only Redis. Needs PostgreSQL and Redis (skipped with a message when absent, except in CI).
.PHONY: test-channels

CHANNELS_PYTEST = $(BOT_PY) -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning

test-channels: bot-model api-env
	@if $(API_PY) -m api.testing.postgres "$(PG_TEST_URL)" && $(BOT_PY) -c "import redis; redis.Redis(socket_timeout=3).ping()" 2>/dev/null; then \
	  PG_TEST_URL="$(PG_TEST_URL)" $(CHANNELS_PYTEST) tests/channels; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL and Redis are required in CI (test-channels)"; exit 1; fi; \
	  echo "SKIPPED: test-channels (needs PostgreSQL at $(PG_TEST_URL) and Redis at 127.0.0.1:6379)."; \
	fi

TEST_SUITES += test-channels
