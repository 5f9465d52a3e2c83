# The Rasa server and the action server (Python 3.10: Rasa 3.6 pins it). One image, two commands;
# the model is trained at build time so that a container starts with the data it was built from.
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=/app
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements/bot.lock requirements/bot.lock
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r requirements/bot.lock
COPY config.yml domain.yml endpoints.yml credentials.production.yml ./
COPY data ./data
COPY bot ./bot
# the shared vocabulary (standard library + PyYAML; nothing else of the API)
COPY api/__init__.py ./api/
COPY api/eligibility/__init__.py api/eligibility/vocabulary.py api/eligibility/vocabulary.yml ./api/eligibility/
COPY actions ./actions
# the rules' bounds and region, which the bot's texts state (bot/texts.py)
COPY api/eligibility/rules.yml ./api/eligibility/rules.yml
RUN python -m bot.nlu.build_spacy --out models/spacy_nl \
 && python -m bot.train_if_changed --out models --name intake
RUN useradd --system --uid 10001 bot && mkdir -p var && chown -R bot /app
USER bot
EXPOSE 5005 5055
# Rasa with the production channels (no REST); bot.serve takes the API token from RASA_AUTH_TOKEN
# and refuses to start the API without one. The action server: `python -m bot.action_server`.
CMD ["python", "-m", "bot.serve", "run", "--model", "models/intake.tar.gz", "--port", "5005", "--endpoints", "endpoints.yml", "--credentials", "credentials.production.yml", "--enable-api"]
