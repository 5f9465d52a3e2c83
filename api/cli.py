"""Operator commands behind the Makefile: migrate, seed, adviser, purge, check-rules, scheduler."""

from __future__ import annotations

import argparse
import os
import sys

from alembic import command
from alembic.config import Config

import api.models  # noqa: F401 - every mapper registered before the first query
from api.core.config import REPO_ROOT, get_settings


def migrate() -> None:
    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        os.makedirs(os.path.dirname(url.removeprefix("sqlite:///")) or ".", exist_ok=True)
    cfg = Config(str(REPO_ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="api.cli")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply the database migrations")
    sub.add_parser("seed", help="demo advisers on an empty database")
    sub.add_parser("check-rules", help="validate the vocabulary and the eligibility rules files")
    scheduler = sub.add_parser("scheduler", help="send the outbox's messages (reminders, notices) until stopped")
    scheduler.add_argument("--once", action="store_true", help="one round, then exit")
    scheduler.add_argument("--healthy", action="store_true", help="exit 0 when a running scheduler is alive")
    scheduler.add_argument("--status", action="store_true", help="say which channels are on")
    purge = sub.add_parser("purge", help="erase leads older than the retention period")
    purge.add_argument("--days", type=int, default=None)
    adv = sub.add_parser("adviser", help="create or update an adviser account")
    adv.add_argument("--email", required=True)
    adv.add_argument("--password-env", default="ADVISER_PASSWORD", help="variable holding the password")
    adv.add_argument("--name")
    adv.add_argument("--role", choices=["adviser", "admin"])
    adv.add_argument("--languages", help="comma-separated, e.g. nl,en")
    args = parser.parse_args(argv)

    if args.cmd == "migrate":
        migrate()
        print("database is up to date")
        return 0
    if args.cmd == "scheduler":
        from api.outbox import scheduler as outbox_scheduler

        if args.healthy:
            return 0 if outbox_scheduler.healthy() else 1
        if args.status:
            print(outbox_scheduler.status_line())
            return 0
        return outbox_scheduler.main(once=args.once)
    if args.cmd == "check-rules":
        from api.eligibility.rules import RulesError
        from api.eligibility.service import get_rules
        from api.eligibility.vocabulary import VocabularyError

        try:
            get_rules()
        except (RulesError, VocabularyError) as exc:
            print(exc, file=sys.stderr)
            return 1
        print("the vocabulary and the eligibility rules are valid")
        return 0

    from api.core.db import get_sessionmaker

    with get_sessionmaker()() as session:
        if args.cmd == "seed":
            from api.seed import seed_demo

            names = seed_demo(session)
            print(f"demo advisers created: {', '.join(names)}" if names else "advisers exist; no demo data added")
        elif args.cmd == "purge":
            from api.privacy.service import purge_expired

            result = purge_expired(session, days=args.days)
            print(f"erased {result.leads} leads and {result.bookings} bookings")
        elif args.cmd == "adviser":
            from api.advisers.service import upsert_adviser

            password = os.environ.get(args.password_env, "")
            languages = args.languages.split(",") if args.languages else None
            try:
                adviser, created = upsert_adviser(
                    session, args.email, password, args.name, args.role, languages=languages
                )
            except ValueError as exc:
                print(f"adviser not saved: {exc}", file=sys.stderr)
                return 2
            print(f"adviser {'created' if created else 'updated'}: id {adviser.id} ({adviser.role})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
