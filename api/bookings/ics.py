"""The appointment as an iCalendar file; the UID stays the same when it is moved or cancelled."""

from __future__ import annotations

from icalendar import Calendar, Event

from api.bookings.models import Booking
from api.core.timeutil import utcnow

SUMMARY = {"nl": "Adviesgesprek Haaglanden Leert Door", "en": "Advice conversation Haaglanden Leert Door"}
MODE_TEXT = {
    "nl": {
        "phone": "De adviseur belt je.",
        "video": "Je krijgt een link voor een videogesprek.",
        "in_person": "Je komt langs op kantoor.",
    },
    "en": {
        "phone": "The adviser will call you.",
        "video": "You will get a link for a video call.",
        "in_person": "You visit the office.",
    },
}
CHANGE_TEXT = {"nl": "Verzetten of afzeggen", "en": "Reschedule or cancel"}


def booking_ics(booking: Booking, manage_url: str, language: str = "nl") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Haaglanden Leert Door//Intake assistant//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("summary", SUMMARY[language])
    event.add(
        "description",
        f"{MODE_TEXT[language][booking.mode]} {booking.adviser.name}.\n{CHANGE_TEXT[language]}: {manage_url}",
    )
    if booking.mode == "in_person" and booking.location:
        event.add("location", booking.location)
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
