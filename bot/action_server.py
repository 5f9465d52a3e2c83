"""The action server: rasa-sdk's app with the actions package, which only Rasa may call.

    python -m bot.action_server [--port 5055] [--host 127.0.0.1] [--actions actions]

The actions call the API with the service token for whoever calls them (erase a lead, book a
slot), so every request except `GET /health` must carry `Authorization: Bearer
<ACTION_SERVER_TOKEN>`; Rasa sends it (endpoints.yml, action_endpoint.headers). Without the token
in the environment the server does not start.

Also: it listens on 127.0.0.1 unless told otherwise (ACTIONS_HOST; in docker-compose the
service's own network, not published); request bodies are limited (ACTIONS_MAX_BODY_BYTES,
bot/channels/limits.py); no access log and no request in error logs or answers (they hold
conversation ids, which are phone numbers on WhatsApp); several workers with
ACTION_SERVER_SANIC_WORKERS (rasa-sdk's own setting).
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import log_privacy
from bot.channels import limits

logger = logging.getLogger("bot.action_server")
TOKEN_ENV = "ACTION_SERVER_TOKEN"  # noqa: S105 - the name of the variable
OPEN_PATHS = {"/health"}


def create_app(token: str, actions: str = "actions") -> Sanic:
    from rasa_sdk.endpoint import create_app as create_sdk_app

    if not token:
        raise SystemExit(f"{TOKEN_ENV} is not set (scripts/ensure-env makes one; Rasa sends it on every call)")
    expected = f"Bearer {token}".encode()
    app = create_sdk_app(actions, cors_origins=None)  # only Rasa calls: no browser origins
    app.config.REQUEST_MAX_SIZE = limits.actions_max_body_bytes()
    app.config.ACCESS_LOG = False

    @app.on_request
    async def only_rasa(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get("Authorization") or "").encode()
        if not hmac.compare_digest(given, expected):
            logger.warning("refused %s %s: missing or wrong token", request.method, request.path)
            return response.json({"error": "only the Rasa server may call the action server"}, status=401)
        return None

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        # rasa-sdk's own handler logs the request and sends its body back: both hold the tracker
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            logger.error("action server error: %s", type(exception).__name__)
        return response.json({"error": type(exception).__name__}, status=status)

    app.error_handler.add(Exception, failed)

    @app.before_server_start
    async def learn_before_serving(app: Sanic, loop: object) -> None:
        # the lemma tables and the learned pains reader take a few seconds to load and train:
        # before the first resident, not during their answer
        from bot.nlu.pain_reader import reader

        reader()

    return app


def main() -> None:
    from rasa_sdk import utils

    parser = argparse.ArgumentParser(description="the action server (only Rasa may call it)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args()

    log_privacy.install()
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(), format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s"
    )
    app = create_app(os.environ.get(TOKEN_ENV, "").strip(), args.actions)
    workers = utils.number_of_sanic_workers()
    logger.info("action server on http://%s:%d (%d worker(s))", args.host, args.port, workers)
    app.run(host=args.host, port=args.port, workers=workers, access_log=False, motd=False)


if __name__ == "__main__":
    main()
