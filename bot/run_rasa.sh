#!/usr/bin/env bash
# Starts the Rasa server (REST, socket.io, Twilio channels; HTTP API with token auth).
set -euo pipefail
cd "$(dirname "$0")/.."
. bot/env.sh
[ -n "${1:-}" ] && RASA_PORT="$1"
[ -n "${2:-}" ] && export ACTION_ENDPOINT_URL="http://localhost:$2/webhook"
# bot.serve: `rasa` with the fixes of bot/speedups.py applied
exec .venv-bot/bin/python -m bot.serve run --model models/intake.tar.gz --port "$RASA_PORT" \
  --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api ${RASA_AUTH_TOKEN:+"--auth-token=$RASA_AUTH_TOKEN"}  # "=": a token may start with "-"
