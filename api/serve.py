"""Starts the API under uvicorn with the settings of this project: `python -m api.serve`.

The one place where the server is configured: port and number of workers (API_PORT,
API_WORKERS), and which proxies may name the client (TRUSTED_PROXIES). uvicorn alone would
believe X-Forwarded-For from 127.0.0.1 by default; here only the configured proxies are believed,
so without them every client is its direct peer. The access log stays off: the API writes its
own, with route templates instead of paths (a path can hold a WhatsApp number).
"""

from __future__ import annotations

import argparse

import uvicorn

from api.core.config import get_settings
from api.core.logging import configure_logging


def main(argv: list[str] | None = None, app: str = "api.main:app") -> None:
    """`app`: another import string of an application built with api.main.create_app (tests)."""
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m api.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")  # noqa: S104
    parser.add_argument("--port", type=int, default=settings.api_port, help="default: API_PORT")
    parser.add_argument("--workers", type=int, default=settings.api_workers, help="default: API_WORKERS")
    args = parser.parse_args(argv)
    configure_logging()
    proxies = settings.trusted_proxy_list
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or "",
        access_log=False,
        log_config=None,  # api.core.logging: every line goes through the personal-data filter
        server_header=False,
    )


if __name__ == "__main__":
    main()
