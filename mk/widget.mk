# The landing page's chat widget (widget/, its own npm project) and the browser tests (tests/web).
WIDGET_OUT := api/static/widget
WIDGET_SRC := $(wildcard widget/src/*) widget/build.mjs

.PHONY: widget-build widget-deps test-web test-web-quick

widget/node_modules/.stamp: widget/package.json widget/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js 18+ with npm is needed to build the chat widget"; exit 1; }
	@echo "== the chat widget's packages (widget/node_modules, npm): about 10 s"
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

widget-deps: widget/node_modules/.stamp

$(WIDGET_OUT)/widget.js: widget/node_modules/.stamp $(WIDGET_SRC)
	cd widget && node build.mjs

widget-build: $(WIDGET_OUT)/widget.js

RUN_DEPS += widget-build

# Browser tests in Debian's chromium driven by Playwright (scripts/install-system-deps installs
# it): the page and the widget against a fake socket.io server, and a whole conversation against
# the real API, action server and Rasa with the trained model (tests/web/test_conversation.py).
test-web: api-env widget-build bot-model
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/web

# Without the bot: a minute or two.
test-web-quick: api-env widget-build
	$(API_VENV)/bin/pytest -q -p no:cacheprovider tests/web -m "not stack"

TEST_SUITES += test-web
