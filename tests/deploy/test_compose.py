"""No Docker engine runs here, so the production compose file is checked for consistency with
the repository: services, ports, health checks, environment names, commands and copied files, the
reverse proxy in front of the Rasa replicas, and what production leaves out (the REST channel,
tokens on command lines, a published action server)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from api.core.config import Settings
from api.outbox.config import OutboxSettings
from bot.channels import limits

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
# the proxy's directives, without comments
NGINX = "\n".join(line.split("#", 1)[0] for line in (REPO / "docker" / "nginx.conf").read_text().splitlines())
PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+)[^}]*\}")


def env(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (SERVICES[service].get("environment") or {}).items()}


def command(service: str) -> str:
    cmd = SERVICES[service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def test_the_services_with_health_checks() -> None:
    assert set(SERVICES) == {"rasa", "actions", "api", "scheduler", "postgres", "redis", "proxy"}
    for name, service in SERVICES.items():
        assert "healthcheck" in service, name
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES and condition["condition"] == "service_healthy"


def test_ports_match_the_documented_defaults() -> None:
    defaults = Settings.model_fields
    assert SERVICES["api"]["ports"] == [f"{defaults['api_port'].default}:8000"]
    # residents reach Rasa through the proxy, on Rasa's documented port
    assert SERVICES["proxy"]["ports"] == [f"{defaults['rasa_port'].default}:8080"]
    assert "ports" not in SERVICES["rasa"] and "ports" not in SERVICES["actions"]
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
    for name in ("endpoints.yml", "credentials.production.yml"):
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
    assert env("rasa")["API_SERVICE_TOKEN"] == "${API_SERVICE_TOKEN}"  # the WhatsApp channel reports messages
    assert env("rasa")["API_URL"] == env("actions")["API_URL"]
    assert env("rasa")["RASA_AUTH_TOKEN"] == "${RASA_AUTH_TOKEN}"
    assert env("rasa")["ACTION_SERVER_TOKEN"] == env("actions")["ACTION_SERVER_TOKEN"]
    assert env("rasa")["ACTION_SERVER_TOKEN"].startswith("${ACTION_SERVER_TOKEN:?")
    assert env("rasa")["CHAT_SESSION_SECRET"].startswith("${CHAT_SESSION_SECRET:?")
    ensure_env = (REPO / "scripts" / "ensure-env").read_text()
    for secret in ("API_SERVICE_TOKEN", "RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "CHAT_SESSION_SECRET"):
        assert secret in ensure_env, f"scripts/ensure-env does not make {secret}"


def test_no_token_on_a_command_line_and_the_api_only_with_one() -> None:
    """`ps` shows command lines: bot.serve hands Rasa the token from RASA_AUTH_TOKEN."""
    dockerfile = (REPO / "docker/bot.Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    for words in (cmd, SERVICES["rasa"]["command"]):
        text = " ".join(words)
        assert "--enable-api" in text and "auth-token" not in text and "RASA_AUTH_TOKEN" not in text
        assert words[:4] == ["python", "-m", "bot.serve", "run"], words
    assert SERVICES["rasa"]["command"] == cmd  # compose runs what the image runs


def test_production_has_no_rest_channel() -> None:
    for words in (SERVICES["rasa"]["command"],):
        assert words[words.index("--credentials") + 1] == "credentials.production.yml"
    channels = yaml.safe_load((REPO / "credentials.production.yml").read_text())
    assert not [c for c in channels if c == "rest" or "rest" in c.lower().split(".")]
    assert set(channels) == {"bot.channels.socketio.SocketIOInput", "bot.channels.whatsapp.WhatsAppInput"}
    assert (
        "COPY config.yml domain.yml endpoints.yml credentials.production.yml ./"
        in (REPO / "docker/bot.Dockerfile").read_text()
    )


def test_the_action_server_checks_its_secret_and_is_not_published() -> None:
    assert command("actions").startswith("python -m bot.action_server")
    assert "--host 0.0.0.0" in command("actions")  # the compose network; no `ports`
    assert "ports" not in SERVICES["actions"]
    endpoints = yaml.safe_load((REPO / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["headers"] == {"Authorization": "Bearer ${ACTION_SERVER_TOKEN}"}


def test_rasa_scales_out_behind_the_proxy_without_sticky_sessions() -> None:
    rasa = SERVICES["rasa"]
    assert rasa["deploy"]["replicas"] >= 2
    assert env("rasa")["LOCK_STORE_TYPE"] == "redis" and env("rasa")["TRACKER_DB_DIALECT"] == "postgresql"
    assert env("rasa")["SANIC_WORKERS"] == "1"
    proxy = SERVICES["proxy"]
    assert re.match(r"^nginx:1\.(2[7-9]|[3-9]\d)", proxy["image"]), "nginx >= 1.27.3 for `resolve` upstreams"
    assert "./docker/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"] == {"rasa": {"condition": "service_healthy"}}
    # the upstream is every replica of the rasa service on its port, re-resolved
    assert re.search(r"upstream rasa \{[^}]*server rasa:5005 resolve;", NGINX)
    assert "resolver 127.0.0.11" in NGINX
    for sticky in ("ip_hash", "hash ", "sticky", "least_conn"):
        assert sticky not in NGINX, f"{sticky}: the lock store serialises, no stickiness is needed"
    # only what residents and Twilio need is published
    locations = re.findall(r"location\s+(=?\s*\S+)\s*\{", NGINX)
    assert locations == ["/socket.io/", "/webhooks/whatsapp/", "= /healthz", "/"], locations
    socket_io = NGINX[NGINX.index("location /socket.io/") : NGINX.index("location /webhooks/whatsapp/")]
    for line in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_pass http://rasa;",
    ):
        assert line in socket_io, f"WebSockets need `{line}`"
    assert re.search(r"proxy_read_timeout\s+(\d+)h;", socket_io), "a conversation's socket stays open"
    assert "map $http_upgrade $connection_upgrade" in NGINX
    whatsapp = NGINX[NGINX.index("location /webhooks/whatsapp/") : NGINX.index("location = /healthz")]
    assert "proxy_pass http://rasa;" in whatsapp and "proxy_next_upstream off;" in whatsapp
    assert f"client_max_body_size {limits.rasa_max_body_bytes() // 1024}k;" in NGINX
    # the widget speaks socket.io over WebSocket only (no long-polling to land on another replica)
    widget = (REPO / "widget/src/widget.js").read_text()
    assert 'transports: ["websocket"]' in widget


def test_the_api_and_the_action_server_run_several_workers() -> None:
    # python -m api.serve starts API_WORKERS uvicorn workers (the login counts are in Redis)
    assert "-m api.serve" in command("api") and re.fullmatch(r"\$\{API_WORKERS:-[2-9]\}", env("api")["API_WORKERS"])
    assert env("api")["REDIS_URL"].startswith("redis://redis:")
    assert env("actions")["ACTION_SERVER_SANIC_WORKERS"].startswith("${ACTION_SERVER_SANIC_WORKERS:-")


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
        assert any(w.startswith("bot.") for w in words), "the bot's own entry points, not bare rasa/rasa_sdk"
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
