# Front-end assets (web/: npm, Node 20) built into api/static/, and the adviser portal's tests.
WEB_DEPS_STAMP := web/node_modules/.install-stamp
WEB_STATIC_STAMP := api/static/.stamp

RUN_DEPS += web-build
RUN_URLS += Portal:http://localhost:$(API_PORT)/advisers
TEST_SUITES += test-portal

.PHONY: web-deps web-build test-portal test-portal-unit test-portal-browser test-portal-postgres system-deps

$(WEB_DEPS_STAMP): web/package.json web/package-lock.json
	@echo "== the portal's front-end packages (web/node_modules, npm): about 10 s"
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

web-deps: $(WEB_DEPS_STAMP)

$(WEB_STATIC_STAMP): $(WEB_DEPS_STAMP) web/build.mjs $(shell find web/src -type f 2>/dev/null)
	cd web && npm run --silent build

web-build: $(WEB_STATIC_STAMP)

system-deps:
	scripts/install-system-deps

# Portal tests: TestClient (CSRF, roles, rate limit, notifications over a local SMTP server) and
# real headless Chromium (Playwright with Debian's chromium; scripts/install-system-deps).
test-portal: api-env web-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/portal
	@$(MAKE) --no-print-directory test-portal-postgres

# The TestClient part once more on PostgreSQL (the browser tests bring their own SQLite servers).
test-portal-postgres: api-env web-build
	@if $(API_PY) -m api.testing.postgres "$(PG_TEST_URL)"; then \
	  TEST_DATABASE=postgresql TEST_POSTGRES_URL="$(PG_TEST_URL)" $(API_VENV)/bin/pytest -q -p no:cacheprovider \
	    tests/portal --ignore=tests/portal/test_browser.py --ignore=tests/portal/test_browser_rasa.py --ignore=tests/portal/test_browser_changes.py; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but not reachable at $(PG_TEST_URL)"; exit 1; fi; \
	  echo "SKIPPED: the PostgreSQL part of the portal tests (no server at $(PG_TEST_URL))."; \
	fi

test-portal-unit: api-env web-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/portal --ignore=tests/portal/test_browser.py --ignore=tests/portal/test_browser_rasa.py --ignore=tests/portal/test_browser_changes.py

test-portal-browser: api-env web-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/portal/test_browser.py tests/portal/test_browser_rasa.py tests/portal/test_browser_changes.py
