"""Response helpers shared by the JSON API and the portal."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

# A spreadsheet runs a cell that starts like this as a formula (CSV injection: =HYPERLINK(...)).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_download(header: Sequence[str], rows: Iterable[Iterable[object]], filename: str) -> Response:
    """Every CSV the API or the portal hands out: each cell defused (values come from residents
    and from UTM parameters anyone can put in a link)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows((spreadsheet_safe(v) for v in row) for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# For answers whose URL holds a secret (a resident's manage token, an adviser's calendar token):
# no copy in any cache, and the URL never leaves in a Referer header.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class PrivateRoute(APIRoute):
    """Adds PRIVATE_HEADERS to every answer of the route, refusals and validation errors too."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                response = await handler(request)
            except (HTTPException, RequestValidationError) as exc:
                response = await _as_response(request, exc)
            response.headers.update(PRIVATE_HEADERS)
            return response

        return handle


async def _as_response(request: Request, exc: Exception) -> Response:
    """The answer the application's own exception handlers give (the API's JSON errors)."""
    handlers = request.app.exception_handlers
    for kind in type(exc).__mro__:
        if kind in handlers:
            return await handlers[kind](request, exc)  # type: ignore[no-any-return]
    if isinstance(exc, RequestValidationError):
        return await request_validation_exception_handler(request, exc)
    assert isinstance(exc, HTTPException)
    return await http_exception_handler(request, exc)
