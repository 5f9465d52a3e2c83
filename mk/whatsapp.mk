# WhatsApp channel (bot/channels/whatsapp.py): channel tests against a local Twilio stand-in
# (fast), then one end-to-end conversation with the real Rasa server, actions and API (slow:
# needs the trained model).
.PHONY: test-whatsapp test-whatsapp-channel test-whatsapp-e2e whatsapp-status

WHATSAPP_PYTEST = $(BOT_PY) -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning

test-whatsapp-channel: bot-env
	$(WHATSAPP_PYTEST) tests/whatsapp --ignore=tests/whatsapp/test_e2e.py

test-whatsapp-e2e: bot-env bot-model api-env
	$(WHATSAPP_PYTEST) -s tests/whatsapp/test_e2e.py

test-whatsapp: test-whatsapp-channel test-whatsapp-e2e

whatsapp-status:
	@python3 bot/channels/whatsapp_status.py

TEST_SUITES += test-whatsapp
