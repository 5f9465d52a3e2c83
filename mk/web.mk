# Front-end assets (web/: npm, Node 20) built into api/static/, and the adviser portal's tests.
WEB_DEPS_STAMP := web/node_modules/.install-stamp
WEB_STATIC_STAMP := api/static/.stamp

RUN_DEPS += web-build
RUN_URLS += Portal:http://localhost:$(API_PORT)/advisers
TEST_SUITES += test-portal

.PHONY: web-deps web-build test-portal test-portal-unit test-portal-browser system-deps

$(WEB_DEPS_STAMP): web/package.json web/package-lock.json
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

test-portal-unit: api-env web-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/portal --ignore=tests/portal/test_browser.py

test-portal-browser: api-env web-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/portal/test_browser.py
