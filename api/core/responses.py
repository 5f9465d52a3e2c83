"""Response helpers shared by the JSON API and the portal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi import Response

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
