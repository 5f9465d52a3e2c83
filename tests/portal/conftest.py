"""Portal tests reuse the API tests' set-up: settings, a migrated database, clean tables, advisers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.conftest import (  # noqa: F401 - fixtures are found by name
    PASSWORD,
    SERVICE,
    adviser,
    clean_tables,
    client,
    consented_lead,
    database,
    first_slot,
    make_adviser,
    session,
)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def portal_login(http: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    page = http.get("/advisers/login")
    response = http.post(
        "/advisers/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text), "next": "/advisers/agenda"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return http


def post_form(http: TestClient, page_url: str, action: str, data: dict[str, object]) -> Any:
    """Opens the page for its CSRF token, then posts the form like a browser does."""
    token = csrf_of(http.get(page_url).text)
    return http.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


@pytest.fixture
def admin(session: Session) -> object:  # noqa: F811
    return make_adviser(session, email="admin@example.org", role="admin", name="Admin Person")


@pytest.fixture
def adviser_client(client: TestClient, adviser: object) -> Iterator[TestClient]:  # noqa: F811
    yield portal_login(client, adviser.email)  # type: ignore[attr-defined]


@pytest.fixture
def admin_client(client: TestClient, admin: object) -> Iterator[TestClient]:  # noqa: F811
    yield portal_login(client, admin.email)  # type: ignore[attr-defined]
