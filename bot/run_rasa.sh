#!/usr/bin/env bash
# Starts the Rasa server (REST, socket.io and WhatsApp channels; HTTP API with token auth).
# The token (RASA_AUTH_TOKEN) stays in the environment: bot/rasa_setup.py hands it to Rasa inside
# the process, so it is not on the command line for `ps` to show.
set -euo pipefail
cd "$(dirname "$0")/.."
. bot/env.sh
[ -n "${1:-}" ] && RASA_PORT="$1"
[ -n "${2:-}" ] && export ACTION_ENDPOINT_URL="http://127.0.0.1:$2/webhook"
# bot.serve: `rasa` with the fixes of bot/speedups.py applied
exec .venv-bot/bin/python -m bot.serve run --model models/intake.tar.gz --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials "${RASA_CREDENTIALS:-credentials.yml}" --enable-api
