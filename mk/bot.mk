# The Rasa bot: its environment (Python 3.10), the saved spaCy pipeline, training, processes, tests.
BOT_PY_BASE := $(shell scripts/find-python 3.10 2>/dev/null)
BOT_VENV := .venv-bot
BOT_PY := $(BOT_VENV)/bin/python
RASA := $(BOT_VENV)/bin/rasa
SPACY_NL := models/spacy_nl
BOT_MODEL := models/intake.tar.gz
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

RUN_DEPS += bot-model var-dir
# (one word each: the Makefile splits RUN_URLS on spaces)
RUN_URLS += Rasa-REST:http://localhost:$(RASA_PORT)/webhooks/rest/webhook \
            Rasa-socket.io:http://localhost:$(RASA_PORT)/socket.io \
            Actions:http://localhost:$(ACTIONS_PORT)/health
RUN_PROCS += rasa="bot/run_rasa.sh $(RASA_PORT) $(ACTIONS_PORT)" \
             actions="bot/run_actions.sh $(ACTIONS_PORT)"
TEST_SUITES += test-bot test-bot-e2e

.PHONY: bot-env bot-spacy bot-model bot-lock var-dir test-bot test-bot-unit test-bot-stories \
        test-bot-e2e test-conversations nlu-accuracy nlu-crossval bot-bench lint-bot typecheck-bot

$(BOT_VENV)/.stamp: requirements/bot.lock | $(UV)
	@test -n "$(BOT_PY_BASE)" || { echo "Python 3.10 is needed for Rasa (pyenv install 3.10)"; exit 1; }
	@echo "== bot environment ($(BOT_VENV), Python 3.10, Rasa 3.6 and TensorFlow): about 20 s, 2 min on a cold cache"
	@$(UV) venv -q --allow-existing --python $(BOT_PY_BASE) $(BOT_VENV)
	@$(UV) pip sync -q --python $(BOT_PY) requirements/bot.lock
	@touch $@

bot-env: $(BOT_VENV)/.stamp

# The bot and the action server under the same gate as the API: ruff (bot/ruff.toml and
# actions/ruff.toml: the repository's rules for Python 3.10) and strict mypy (bot/mypy.ini: Python
# 3.10, the bot environment's packages). Part of `make lint` and `make typecheck`.
lint-bot: api-env
	$(API_VENV)/bin/ruff check bot actions
	$(API_VENV)/bin/ruff format --check bot actions

typecheck-bot: api-env bot-env
	$(API_VENV)/bin/mypy --config-file bot/mypy.ini bot actions

bot-lock: $(UV)
	$(UV) pip compile -q --python-version 3.10 requirements/bot.in -o requirements/bot.lock

var-dir:
	@mkdir -p var

# The blank Dutch spaCy pipeline with the project's lemma component, rebuilt when its inputs change.
$(SPACY_NL)/.stamp: $(BOT_VENV)/.stamp bot/nlu/build_spacy.py bot/nlu/spacy_components.py bot/nlu/lemmas.py
	@echo "== the Dutch spaCy pipeline (models/spacy_nl): a few seconds"
	@$(BOT_PY) -m bot.nlu.build_spacy --out $(SPACY_NL)
	touch $@

bot-spacy: $(SPACY_NL)/.stamp

# Trains only when a hash over data/, domain, config and bot/ code differs from the last training.
bot-model: bot-spacy
	@$(BOT_PY) -m bot.train_if_changed --out models --name intake

test-bot-unit: bot-spacy
	$(BOT_PY) -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning tests/bot

test-bot-stories: bot-model
	PYTHONPATH=$(CURDIR) TF_CPP_MIN_LOG_LEVEL=2 $(RASA) test core --stories tests/stories \
	  --model $(BOT_MODEL) --fail-on-prediction-errors --out test-artifacts/rasa-core

test-bot: bot-env bot-spacy
	$(BOT_PY) -m bot.validate_data
	$(MAKE) --no-print-directory test-bot-unit bot-model test-bot-stories nlu-accuracy

# The real API, action server and Rasa server, whole conversations (starts its own processes on
# free ports with their own SQLite files; slow: Rasa needs a minute to load): the scripted e2e
# conversations and the simulated residents (tests/conversations) on one shared system.
E2E_PYTEST = $(BOT_PY) -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning

test-bot-e2e: bot-model api-env
	BOT_E2E=1 RESIDENTS=1 $(E2E_PYTEST) tests/bot/test_e2e.py tests/conversations/test_residents.py

# The residents alone (the score with transcripts: python -m tests.conversations.score).
test-conversations: bot-model api-env
	RESIDENTS=1 $(E2E_PYTEST) tests/conversations/test_residents.py

nlu-accuracy: bot-model
	PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2 $(BOT_PY) -m bot.nlu_accuracy --model $(BOT_MODEL) --heldout tests/heldout/messages.yml --min 0.95

nlu-crossval: bot-spacy
	PYTHONPATH=$(CURDIR) TF_CPP_MIN_LOG_LEVEL=2 $(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 \
	  --out test-artifacts/nlu-crossval
	$(BOT_PY) -m bot.nlu_accuracy --crossval-report test-artifacts/nlu-crossval

bot-bench: bot-model
	$(BOT_PY) bench/bot_bench.py
