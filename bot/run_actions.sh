#!/usr/bin/env bash
# Starts the action server (bot/action_server.py: rasa-sdk with the actions package; only Rasa,
# which sends ACTION_SERVER_TOKEN, may call it). Listens on ACTIONS_HOST (default 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
. bot/env.sh
[ -n "${1:-}" ] && ACTIONS_PORT="$1"
exec .venv-bot/bin/python -m bot.action_server --port "$ACTIONS_PORT"
