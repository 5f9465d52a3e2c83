"""The funnel in the portal (administrators: campaign staff): a table with the conversion between
steps, a drop-off chart, and the same numbers as CSV."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from fastapi import Request, Response
from fastapi.responses import HTMLResponse

from api.advisers.auth import SessionDep
from api.availability.calendar import local_midnight, local_today
from api.core.responses import csv_download
from api.core.timeutil import utcnow
from api.funnel import service
from api.funnel.schemas import FunnelRow, Grouping
from api.portal.deps import AdminPage, portal_router
from api.portal.forms import parse_day
from api.portal.web import render

router = portal_router()
DEFAULT_DAYS = 30


def _period(request: Request) -> tuple[date, date, bool]:
    """The chosen days (default: the last 30); `bad` when a date was unusable or the order wrong."""
    today = local_today(utcnow())
    raw_from, raw_to = request.query_params.get("from"), request.query_params.get("to")
    start, end = parse_day(raw_from), parse_day(raw_to)
    bad = bool(raw_from and not start) or bool(raw_to and not end)
    default_start = today - timedelta(days=DEFAULT_DAYS - 1)
    start, end = start or default_start, end or today
    if start > end:
        start, end, bad = default_start, today, True
    return start, end, bad


def _group(request: Request) -> Grouping:
    group = request.query_params.get("group", "campaign_source")
    return group if group in service.GROUPS else "campaign_source"  # type: ignore[return-value]


def _rows(db: SessionDep, start: date, end: date, group: Grouping) -> tuple[list[FunnelRow], FunnelRow]:
    rows = service.funnel(db, local_midnight(start), local_midnight(end + timedelta(days=1)), group)
    return rows, service.totals(rows)


@router.get("/funnel", response_class=HTMLResponse)
def funnel_page(request: Request, db: SessionDep, _: AdminPage) -> Response:
    start, end, bad = _period(request)
    group = _group(request)
    rows, totals = _rows(db, start, end, group)
    reached = [getattr(totals, s) for s in service.STEPS]
    chart = {"reached": reached, "dropped": [0, *(a - b for a, b in itertools.pairwise(reached))]}
    return render(
        request,
        "funnel/funnel.html",
        rows=rows,
        totals=totals,
        steps=service.STEPS,
        group=group,
        groups=tuple(service.GROUPS),
        start=start,
        end=end,
        bad=bad,
        chart=chart,
    )


@router.get("/funnel.csv")
def funnel_export(request: Request, db: SessionDep, _: AdminPage) -> Response:
    start, end, _bad = _period(request)
    rows, totals = _rows(db, start, end, _group(request))
    rate_steps = service.STEPS[1:]
    header = ("utm_campaign", "utm_source", *service.STEPS, *(f"{s}_pct" for s in rate_steps))

    def line(label: str | None, r: FunnelRow) -> tuple[object, ...]:
        rates = [r.rates[s] for s in rate_steps]
        return (label, r.utm_source, *(getattr(r, s) for s in service.STEPS), *rates)

    lines = [line(r.utm_campaign, r) for r in rows] + [line("TOTAL", totals)]
    return csv_download(header, lines, f"funnel-{start.isoformat()}-{end.isoformat()}.csv")
