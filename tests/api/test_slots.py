from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.availability.calendar import booking_window, is_working_day
from api.availability.models import DayOff
from api.availability.service import free_slots
from tests.api.conftest import login, make_adviser

AMS = ZoneInfo("Europe/Amsterdam")


def local(s: str) -> datetime:
    return datetime.fromisoformat(s).astimezone(AMS)


def test_free_slots_start_on_the_next_working_day_within_four_weeks(client: TestClient, adviser: Adviser) -> None:
    items = client.get("/api/slots", params={"limit": 500}).json()["items"]
    assert items
    today = datetime.now(AMS).date()
    first_day = min(local(i["start"]).date() for i in items)
    assert first_day > today and is_working_day(first_day)
    assert all(today < local(i["start"]).date() <= today + timedelta(days=28) for i in items)
    for item in items:
        start, end = local(item["start"]), local(item["end"])
        assert end - start == timedelta(minutes=45)
        assert start.weekday() < 5 and time(9) <= start.time() and end.time() <= time(17)
        assert item["adviser_id"] == adviser.id and item["adviser_name"] == "Test Adviser"
    # 45 minutes plus a 15-minute buffer: one slot an hour, 09:00 ... 16:00
    first = sorted(local(i["start"]) for i in items if local(i["start"]).date() == first_day)
    assert [t.strftime("%H:%M") for t in first] == [f"{h:02d}:00" for h in range(9, 17)]


def test_slots_respect_mode_language_days_off_and_public_holidays(session: Session, client: TestClient) -> None:
    phone_only = make_adviser(session, "phone@example.org", modes=["phone"], languages=["nl"])
    video = make_adviser(session, "video@example.org", modes=["video"], languages=["nl", "en"])
    assert {i["adviser_id"] for i in client.get("/api/slots", params={"mode": "video"}).json()["items"]} == {video.id}
    assert {i["adviser_id"] for i in client.get("/api/slots", params={"language": "en"}).json()["items"]} == {video.id}

    now = datetime(2026, 12, 20, 12, tzinfo=UTC)  # Christmas and Boxing Day fall in the window
    days = {s.start.astimezone(AMS).date() for s in free_slots(session, "phone", now=now)}
    assert date(2026, 12, 25) not in days and date(2026, 12, 28) in days

    session.add(DayOff(adviser_id=phone_only.id, day=date(2026, 12, 28)))
    session.commit()
    days = {s.start.astimezone(AMS).date() for s in free_slots(session, "phone", now=now)}
    assert date(2026, 12, 28) not in days and date(2026, 12, 29) in days


def test_from_and_to_narrow_the_slots(client: TestClient, adviser: Adviser) -> None:
    all_items = client.get("/api/slots", params={"limit": 500}).json()["items"]
    start = local(all_items[3]["start"])
    narrowed = client.get(
        "/api/slots", params={"from": start.isoformat(), "to": (start + timedelta(hours=2)).isoformat()}
    ).json()["items"]
    assert [i["start"] for i in narrowed] == [i["start"] for i in all_items[3:6]]


# The last Sundays of March and October 2026 (in 2027 the March one is Easter Sunday).
def _sunday_adviser(session: Session) -> Adviser:
    # Works Sunday night across the moment the clocks change (02:00 -> 03:00 in March,
    # 03:00 -> 02:00 in October): 45-minute slots, 15-minute buffer.
    return make_adviser(session, "night@example.org", hours=[(6, time(0), time(6))])


def test_spring_forward_skips_the_missing_hour_and_keeps_real_durations(session: Session) -> None:
    _sunday_adviser(session)
    now = datetime(2026, 3, 21, 12, tzinfo=UTC)
    slots = [s for s in free_slots(session, now=now) if s.start.astimezone(AMS).date() == date(2026, 3, 29)]
    starts = [s.start.astimezone(AMS) for s in slots]
    assert [t.strftime("%H:%M%z") for t in starts] == [
        "00:00+0100",
        "01:00+0100",
        "03:00+0200",
        "04:00+0200",
        "05:00+0200",
    ]
    assert all(s.end - s.start == timedelta(minutes=45) for s in slots)
    # 01:00 and 03:00 local are one real hour apart.
    assert slots[2].start - slots[1].start == timedelta(hours=1)


def test_fall_back_offers_the_repeated_hour_once(session: Session) -> None:
    _sunday_adviser(session)
    now = datetime(2026, 10, 17, 12, tzinfo=UTC)
    slots = [s for s in free_slots(session, now=now) if s.start.astimezone(AMS).date() == date(2026, 10, 25)]
    starts = [s.start.astimezone(AMS) for s in slots]
    assert [t.strftime("%H:%M%z") for t in starts] == [
        "00:00+0200",
        "01:00+0200",
        "02:00+0200",
        "03:00+0100",
        "04:00+0100",
        "05:00+0100",
    ]
    assert len({s.start for s in slots}) == len(slots)
    assert all(s.end - s.start == timedelta(minutes=45) for s in slots)


def test_weekday_offsets_change_with_daylight_saving(session: Session) -> None:
    make_adviser(session)
    now = datetime(2026, 3, 24, 12, tzinfo=UTC)
    by_day: dict[date, datetime] = {}
    for slot in free_slots(session, now=now):
        by_day.setdefault(slot.start.astimezone(AMS).date(), slot.start.astimezone(AMS))
    assert by_day[date(2026, 3, 27)].strftime("%H:%M%z") == "09:00+0100"  # Friday before
    assert by_day[date(2026, 3, 30)].strftime("%H:%M%z") == "09:00+0200"  # Monday after


def test_booking_window_counts_working_days_not_calendar_days() -> None:
    friday_evening = datetime(2026, 11, 27, 20, tzinfo=AMS)
    earliest, latest = booking_window(friday_evening)
    assert earliest == datetime(2026, 11, 30, 0, tzinfo=AMS)  # Monday
    assert latest - friday_evening == timedelta(days=28)
    before_christmas = datetime(2026, 12, 24, 10, tzinfo=AMS)
    assert booking_window(before_christmas)[0].date() == date(2026, 12, 28)


def test_adviser_edits_hours_and_the_offered_slots_follow(
    client: TestClient, adviser: Adviser, adviser_headers: dict[str, str]
) -> None:
    availability = client.get("/api/advisers/me/availability", headers=adviser_headers).json()
    assert len(availability["working_hours"]) == 5
    body = {
        "modes": ["phone"],
        "slot_minutes": 30,
        "buffer_minutes": 0,
        "locations": [],
        "working_hours": [{"weekday": d, "start": "13:00", "end": "14:00"} for d in range(5)],
    }
    response = client.put("/api/advisers/me/availability", json=body, headers=adviser_headers)
    assert response.status_code == 200, response.text
    items = client.get("/api/slots", params={"limit": 500}).json()["items"]
    assert {local(i["start"]).strftime("%H:%M") for i in items} == {"13:00", "13:30"}
    assert client.get("/api/slots", params={"mode": "video"}).json()["items"] == []


def test_days_off_can_be_added_and_removed(
    client: TestClient, adviser: Adviser, adviser_headers: dict[str, str]
) -> None:
    first = local(client.get("/api/slots").json()["items"][0]["start"]).date()
    added = client.post("/api/advisers/me/days-off", json={"day": first.isoformat()}, headers=adviser_headers)
    assert added.status_code == 201
    assert all(local(i["start"]).date() != first for i in client.get("/api/slots").json()["items"])
    again = client.post("/api/advisers/me/days-off", json={"day": first.isoformat()}, headers=adviser_headers)
    assert again.status_code == 409
    removed = client.delete(f"/api/advisers/me/days-off/{added.json()['id']}", headers=adviser_headers)
    assert removed.status_code == 204
    assert local(client.get("/api/slots").json()["items"][0]["start"]).date() == first


def test_bad_availability_is_refused_with_a_reason(client: TestClient, adviser_headers: dict[str, str]) -> None:
    bad = [
        {"weekday": 7, "start": "09:00", "end": "12:00"},
        {"weekday": 0, "start": "12:00", "end": "09:00"},
        {"weekday": 0, "start": "09:07", "end": "12:00"},
    ]
    for period in bad:
        body = {"modes": ["phone"], "working_hours": [period]}
        response = client.put("/api/advisers/me/availability", json=body, headers=adviser_headers)
        assert response.status_code == 422, period
    overlap = {
        "modes": ["phone"],
        "working_hours": [
            {"weekday": 0, "start": "09:00", "end": "12:00"},
            {"weekday": 0, "start": "11:00", "end": "13:00"},
        ],
    }
    response = client.put("/api/advisers/me/availability", json=overlap, headers=adviser_headers)
    assert response.status_code == 422 and "overlap" in response.text


def test_stored_availability_is_shown_even_if_it_would_not_pass_todays_checks(
    client: TestClient, session: Session
) -> None:
    # in person, but no location: shown as stored, and the adviser is asked for one only on saving
    adviser = make_adviser(session, "noplace@example.org")
    adviser.locations = []
    session.commit()
    headers = login(client, "noplace@example.org")
    shown = client.get("/api/advisers/me/availability", headers=headers)
    assert shown.status_code == 200 and "in_person" in shown.json()["modes"]
    body = {k: v for k, v in shown.json().items() if k != "days_off"}
    saved = client.put("/api/advisers/me/availability", json=body, headers=headers)
    assert saved.status_code == 422 and "location" in saved.text
