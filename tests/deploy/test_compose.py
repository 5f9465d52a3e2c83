"""No Docker engine runs here, so the production compose file is checked for consistency with
the repository: services, ports, health checks, environment names, commands and copied files."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from api.core.config import Settings
from api.outbox.config import OutboxSettings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+)[^}]*\}")


def env(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (SERVICES[service].get("environment") or {}).items()}


def command(service: str) -> str:
    cmd = SERVICES[service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def test_the_six_services_with_health_checks() -> None:
    assert set(SERVICES) == {"rasa", "actions", "api", "scheduler", "postgres", "redis"}
    for name, service in SERVICES.items():
        assert "healthcheck" in service, name
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES and condition["condition"] == "service_healthy"


def test_ports_match_the_documented_defaults() -> None:
    defaults = Settings.model_fields
    assert SERVICES["api"]["ports"] == [f"{defaults['api_port'].default}:8000"]
    assert SERVICES["rasa"]["ports"] == [f"{defaults['rasa_port'].default}:5005"]
    assert "--port 5055" in command("actions") and "/webhook" in env("rasa")["ACTION_ENDPOINT_URL"]
    assert env("rasa")["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"
    assert env("api")["RASA_URL"] == "http://rasa:5005" and env("api")["ACTIONS_URL"] == "http://actions:5055"


def test_api_environment_names_are_settings_the_api_reads() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert set(env("api")) <= fields, set(env("api")) - fields
    for secret in ("API_SERVICE_TOKEN", "AUTH_SECRET_KEY", "MANAGE_TOKEN_PEPPER", "DATABASE_URL"):
        assert secret in env("api")
    assert env("api")["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env("api")["DATABASE_URL"]


def test_the_scheduler_reads_what_it_is_given_and_shares_the_apis_database_and_links() -> None:
    fields = {name.upper() for name in (*Settings.model_fields, *OutboxSettings.model_fields)}
    assert set(env("scheduler")) <= fields, set(env("scheduler")) - fields
    for shared in ("DATABASE_URL", "MANAGE_TOKEN_PEPPER", "PUBLIC_BASE_URL", "SMTP_HOST", "SMTP_FROM"):
        assert env("scheduler")[shared] == env("api")[shared], shared
    templates = {f"TWILIO_TEMPLATE_{k.upper()}_SID{s}" for k in ("reminder", "moved", "cancelled") for s in ("", "_EN")}
    assert templates <= set(env("scheduler"))
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"):
        assert env("scheduler")[name] == env("rasa")[name]  # one Twilio account for the channel and the reminders
    assert SERVICES["scheduler"]["build"] == SERVICES["api"]["build"]
    assert "scheduler" in command("scheduler") and "--healthy" in " ".join(SERVICES["scheduler"]["healthcheck"]["test"])


def test_rasa_gets_every_variable_its_endpoint_and_credential_files_use() -> None:
    used = set()
    for name in ("endpoints.yml", "credentials.yml"):
        used |= set(PLACEHOLDER.findall((REPO / name).read_text()))
    missing = used - set(env("rasa"))
    assert not missing, f"rasa's environment lacks {sorted(missing)}"
    assert env("rasa")["TRACKER_DB_DIALECT"] == "postgresql" and "@postgres:5432/rasa" in env("rasa")["TRACKER_DB_URL"]
    assert env("rasa")["LOCK_STORE_TYPE"] == "redis" and env("rasa")["REDIS_HOST"] == "redis"


def test_actions_get_every_variable_the_action_code_reads() -> None:
    read = set()
    for path in (REPO / "actions").rglob("*.py"):
        read |= set(re.findall(r"""environ(?:\.get)?\(?\[?["']([A-Z0-9_]+)["']""", path.read_text()))
        read |= set(re.findall(r"""getenv\(["']([A-Z0-9_]+)["']""", path.read_text()))
    needed = {"API_URL", "API_SERVICE_TOKEN"}
    assert needed <= read, "the actions no longer read these names"
    assert needed <= set(env("actions"))


def test_secrets_the_services_share_are_the_same_variables() -> None:
    assert env("actions")["API_SERVICE_TOKEN"] == "${API_SERVICE_TOKEN}"
    assert env("api")["API_SERVICE_TOKEN"].startswith("${API_SERVICE_TOKEN")
    assert env("rasa")["RASA_AUTH_TOKEN"] == "${RASA_AUTH_TOKEN}"
    # "=" form: a generated token may start with "-", which argparse takes for an option
    assert '--auth-token="$$RASA_AUTH_TOKEN"' in command("rasa")


@pytest.mark.parametrize("service", ["api", "scheduler", "actions", "rasa"])
def test_commands_name_modules_and_files_that_exist(service: str) -> None:
    words = shlex.split(command(service).replace("$$", "$"))
    for i, word in enumerate(words):
        if word == "-m" and words[i + 1].startswith(("api.", "bot.")):
            module = words[i + 1].replace(".", "/")
            assert (REPO / f"{module}.py").exists() or (REPO / module / "__init__.py").exists(), module
        if word == "--actions":
            assert (REPO / words[i + 1] / "__init__.py").exists()
        if word in ("--endpoints", "--credentials"):
            assert (REPO / words[i + 1]).exists()
        if word.startswith("api.main:"):
            assert (REPO / "api/main.py").exists()
    if service in ("actions", "rasa"):
        lock = (REPO / "requirements/bot.lock").read_text()
        assert re.search(r"^rasa-sdk==", lock, re.M) and re.search(r"^rasa==3\.6\.", lock, re.M)


@pytest.mark.parametrize("dockerfile", ["docker/api.Dockerfile", "docker/bot.Dockerfile"])
def test_dockerfiles_copy_files_that_exist_and_the_model_the_rasa_command_loads(dockerfile: str) -> None:
    text = (REPO / dockerfile).read_text()
    for line in text.splitlines():
        if line.startswith("COPY") and "--from=" not in line:
            sources = shlex.split(line)[1:-1]
            for source in sources:
                assert (REPO / source).exists() or source == ".", f"{dockerfile}: {source}"
        for module in re.findall(r"python -m ((?:api|bot)\.[\w.]+)", line):
            path = module.replace(".", "/")
            assert (REPO / f"{path}.py").exists() or (REPO / path / "__init__.py").exists(), module
    builds = {s["build"]["dockerfile"] for s in SERVICES.values() if "build" in s}
    assert dockerfile in builds
    if dockerfile == "docker/bot.Dockerfile":
        assert "--name intake" in text and "models/intake.tar.gz" in command("rasa")


def test_postgres_creates_the_rasa_database() -> None:
    mounts = SERVICES["postgres"]["volumes"]
    init = next(m.split(":")[0] for m in mounts if "docker-entrypoint-initdb.d" in m)
    assert "CREATE DATABASE rasa" in (REPO / init).read_text()
