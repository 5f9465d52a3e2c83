"""The FastAPI application: routers per domain, error answers without stack traces."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from api.advisers.router import router as advisers_router
from api.availability.router import router as availability_router
from api.bookings.pages import router as booking_pages_router
from api.bookings.router import router as bookings_router
from api.core.bodylimit import BodyLimit
from api.core.config import get_settings
from api.core.logging import configure_logging, log_requests
from api.core.schemas import limits
from api.eligibility.router import router as eligibility_router
from api.eligibility.rules import RulesError
from api.eligibility.service import get_rules
from api.eligibility.vocabulary import VocabularyError
from api.funnel.router import router as funnel_router
from api.health.router import router as health_router
from api.landing.router import install as install_landing
from api.leads.models import limits_beyond_columns
from api.leads.router import router as leads_router
from api.outbox.router import router as outbox_router
from api.portal.setup import install as install_portal
from api.privacy.router import router as privacy_router

log = logging.getLogger("api")


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    try:
        get_rules()
    except VocabularyError as exc:
        log.error("The vocabulary cannot be used:\n%s", exc)
        sys.exit(3)
    except RulesError as exc:
        log.error("The eligibility rules cannot be used:\n%s", exc)
        sys.exit(3)
    problems = limits_beyond_columns(limits())
    if problems:
        log.error("The vocabulary's limits do not fit the database:\n%s", "\n".join(problems))
        sys.exit(3)
    yield


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # The caller's input is not echoed back: it may be long or personal.
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)


async def database_unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.error("database error: %s", type(exc).__name__)
    return JSONResponse(
        {"detail": "The database is not available right now. Please try again shortly."},
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def data_error(_: Request, exc: Exception) -> JSONResponse:
    # Validation should have caught it; answer as the caller's mistake rather than a 500.
    log.warning("value refused by the database: %s", type(exc).__name__)
    return JSONResponse({"detail": "A value is too long or not in the right form."}, status_code=422)


async def conflict(_: Request, exc: Exception) -> JSONResponse:
    # A race the service code did not expect; the constraint's message names the values: not logged.
    log.warning("refused by a database constraint: %s", type(exc).__name__)
    detail = "This conflicts with data that changed meanwhile. Please try again."
    return JSONResponse({"detail": detail}, status_code=409)


async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error: %s", type(exc).__name__)
    return JSONResponse({"detail": "Something went wrong on our side. Please try again."}, status_code=500)


def create_app() -> FastAPI:
    configure_logging()
    app = FastAPI(
        title="Leert Door intake API",
        version="1.0.0",
        description="Eligibility, advisers' availability, bookings and leads for Haaglanden Leert Door.",
        lifespan=lifespan,
    )
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(DataError, data_error)
    app.add_exception_handler(IntegrityError, conflict)
    app.add_exception_handler(Exception, unexpected_error)
    settings = get_settings()
    # Inside the access log, so that a refused body is logged, and next to the routes, so that
    # the 413 reaches FastAPI's error handling as it is (no task group wraps it on the way).
    app.add_middleware(BodyLimit, json_bytes=settings.max_body_bytes, form_bytes=settings.max_form_bytes)
    app.middleware("http")(log_requests)
    for router in (
        health_router,
        eligibility_router,
        advisers_router,
        availability_router,
        bookings_router,
        booking_pages_router,
        leads_router,
        funnel_router,
        privacy_router,
        outbox_router,
    ):
        app.include_router(router)
    install_landing(app)  # the landing page at / and /en, the widget's files under /static/widget
    install_portal(app)  # the adviser portal at /advisers, its files under /static/portal and /static/vendor
    return app


app = create_app()
