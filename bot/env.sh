# Sourced by the bot's run scripts: .env at the repo root, then defaults for everything unset.
# .env fills in what the environment does not already set
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    case "$key" in ''|\#*) continue ;; esac
    [ -z "${!key+x}" ] && export "$key=$value"
  done < .env
fi
export RASA_PORT="${RASA_PORT:-5005}"
export ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export API_URL="${API_URL:-http://localhost:${API_PORT:-8000}}"
export ACTIONS_HOST="${ACTIONS_HOST:-127.0.0.1}"  # only Rasa calls the action server
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTIONS_PORT}/webhook}"
if [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  echo "ACTION_SERVER_TOKEN is not set: run scripts/ensure-env (make run does), or set it" >&2
  exit 1
fi
export ACTION_SERVER_TOKEN
export TRACKER_DB_DIALECT="${TRACKER_DB_DIALECT:-sqlite}"
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///var/rasa_tracker.db}"
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}"  # redis: several Rasa processes (bot/lock_store.py)
export REDIS_HOST="${REDIS_HOST:-localhost}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-1}"
export REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-}"
export TWILIO_ACCOUNT_SID="${TWILIO_ACCOUNT_SID:-}"
export TWILIO_AUTH_TOKEN="${TWILIO_AUTH_TOKEN:-}"
export TWILIO_WHATSAPP_NUMBER="${TWILIO_WHATSAPP_NUMBER:-}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var
