"""Response helpers shared by the JSON API and the portal."""

from __future__ import annotations

from fastapi import Response


def csv_download(text: str, filename: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
