"""The operator commands: `make adviser`, the demo seed and the retention purge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.cli import main
from api.seed import seed_demo
from tests.api.conftest import login, make_adviser

REPO = Path(__file__).resolve().parents[2]


def test_make_adviser_creates_then_updates_the_account(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVISER_PASSWORD", "first password 123")
    assert main(["adviser", "--email", "New.Adviser@Example.org", "--name", "Nieuwe Adviseur"]) == 0
    assert "adviser created" in capsys.readouterr().out
    login(client, "new.adviser@example.org", "first password 123")

    monkeypatch.setenv("ADVISER_PASSWORD", "second password 456")
    assert main(["adviser", "--email", "new.adviser@example.org", "--role", "admin"]) == 0
    assert "adviser updated" in capsys.readouterr().out
    response = client.post(
        "/api/auth/token", data={"username": "new.adviser@example.org", "password": "first password 123"}
    )
    assert response.status_code == 401
    me = client.get("/api/advisers/me", headers=login(client, "new.adviser@example.org", "second password 456")).json()
    assert (me["name"], me["role"]) == ("Nieuwe Adviseur", "admin")
    assert me["modes"] == ["phone", "video"]  # in person only once a location is known


def test_make_adviser_refuses_a_short_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVISER_PASSWORD", "short")
    assert main(["adviser", "--email", "a@example.org"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


def test_the_makefile_target_passes_the_password_without_putting_it_on_a_command_line() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "--password-env ADVISER_PASSWORD" in makefile
    assert "adviser: export ADVISER_PASSWORD = $(PASSWORD)" in makefile


def test_demo_seed_fills_an_empty_database_once_and_never_overwrites(client: TestClient, session: Session) -> None:
    assert len(seed_demo(session)) == 3
    assert client.get("/api/slots", params={"mode": "video"}).json()["items"]
    assert seed_demo(session) == []
    assert session.scalar(select(func.count()).select_from(Adviser)) == 3


def test_seed_leaves_real_data_alone(session: Session) -> None:
    make_adviser(session, "real@example.org")
    assert seed_demo(session) == []
    assert list(session.scalars(select(Adviser.email))) == ["real@example.org"]


def test_rules_check_command(tmp_path: Path) -> None:
    broken = tmp_path / "rules.yml"
    broken.write_text("version: 1\nage: {min: 18}\n")
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "check-rules"],
        cwd=REPO,
        env={**os.environ, "ELIGIBILITY_RULES_PATH": str(broken)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "line 2: age.max: Field required" in result.stderr


def test_make_adviser_works_in_a_fresh_process(client: TestClient) -> None:
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "adviser",
            "EMAIL=fresh@example.org",
            "PASSWORD=fresh password 1",
            "NAME=Fresh",
        ],
        cwd=REPO,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "fresh password 1" not in result.stdout + result.stderr
    login(client, "fresh@example.org", "fresh password 1")
