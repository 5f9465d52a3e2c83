#!/usr/bin/env bash
# Starts the action server (rasa-sdk) with the actions package.
set -euo pipefail
cd "$(dirname "$0")/.."
. bot/env.sh
[ -n "${1:-}" ] && ACTIONS_PORT="$1"
exec .venv-bot/bin/python -m rasa_sdk --actions actions --port "$ACTIONS_PORT"
