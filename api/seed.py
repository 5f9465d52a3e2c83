"""Demo data for a fresh database: three advisers with working hours, so slots exist at once.

Runs only when there are no advisers yet, so it never overwrites real data.
"""

from __future__ import annotations

import secrets
from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.availability.models import WorkingHours
from api.core.security import hash_password

DEMO_ADVISERS = [
    {
        "name": "Fatima El Amrani",
        "email": "fatima@demo.leertdoor.nl",
        "languages": ["nl", "en"],
        "locations": ["Leerwerkloket, Spui 70, Den Haag"],
        "modes": ["phone", "video", "in_person"],
        "hours": [(d, time(9), time(12, 30)) for d in range(5)] + [(d, time(13, 30), time(17)) for d in (0, 2, 4)],
    },
    {
        "name": "Jeroen de Vries",
        "email": "jeroen@demo.leertdoor.nl",
        "languages": ["nl"],
        "locations": ["Leerwerkloket, Phoenixstraat 1, Delft"],
        "modes": ["phone", "in_person"],
        "hours": [(d, time(8, 30), time(16, 30)) for d in (0, 1, 3)],
    },
    {
        "name": "Sanne Bakker",
        "email": "sanne@demo.leertdoor.nl",
        "languages": ["nl", "en"],
        "locations": [],
        "modes": ["phone", "video"],
        "hours": [(d, time(12), time(20)) for d in (1, 2, 3)],
    },
]


def seed_demo(session: Session) -> list[str]:
    if session.scalar(select(func.count()).select_from(Adviser)):
        return []
    created = []
    for spec in DEMO_ADVISERS:
        adviser = Adviser(
            name=spec["name"],
            email=spec["email"],
            # Demo accounts get an unusable random password: `make adviser` sets a real one.
            password_hash=hash_password(secrets.token_urlsafe(24)),
            role="adviser",
            languages=spec["languages"],
            locations=spec["locations"],
            modes=spec["modes"],
            slot_minutes=45,
            buffer_minutes=15,
            working_hours=[WorkingHours(weekday=d, start_time=s, end_time=e) for d, s, e in spec["hours"]],
        )
        session.add(adviser)
        created.append(str(spec["name"]))
    session.commit()
    return created
