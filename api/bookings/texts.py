"""Plain-language texts and date formatting for residents (Dutch B1; English mirrors it)."""

from __future__ import annotations

from datetime import datetime

from api.availability.calendar import local_tz

DAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}  # fmt: skip

TEXTS = {
    "nl": {
        "title": "Je adviesgesprek",
        "intro": "Hier zie je je afspraak. Je kunt hem in je agenda zetten, verzetten of afzeggen.",
        "when": "Wanneer",
        "how": "Hoe",
        "with": "Met",
        "where": "Waar",
        "add_to_calendar": "Zet in je agenda",
        "move": "Afspraak verzetten",
        "move_help": "Kies een nieuwe tijd.",
        "move_button": "Verzet naar deze tijd",
        "no_slots": "Er zijn nu geen andere tijden vrij. Probeer het later nog eens.",
        "cancel": "Afspraak afzeggen",
        "cancel_help": "Kun je niet komen? Zeg dan af. Dan kan iemand anders op die tijd.",
        "cancel_button": "Ja, zeg mijn afspraak af",
        "cancelled": "Deze afspraak is afgezegd.",
        "done_cancelled": "Je afspraak is afgezegd. Wil je toch een gesprek? Begin dan opnieuw in de chat.",
        "done_moved": "Je afspraak is verzet.",
        "past": "Deze afspraak is al geweest.",
        "taken": "Die tijd is net door iemand anders gekozen. Kies een andere tijd.",
        "not_found": "We kunnen deze afspraak niet vinden. Kijk of de link klopt, of begin opnieuw in de chat.",
        "chat_again": "Naar de chat",
        "switch": "English",
    },
    "en": {
        "title": "Your advice conversation",
        "intro": "Here is your appointment. You can add it to your calendar, move it or cancel it.",
        "when": "When",
        "how": "How",
        "with": "With",
        "where": "Where",
        "add_to_calendar": "Add to your calendar",
        "move": "Move the appointment",
        "move_help": "Choose a new time.",
        "move_button": "Move to this time",
        "no_slots": "No other times are free right now. Please try again later.",
        "cancel": "Cancel the appointment",
        "cancel_help": "Can't make it? Please cancel. Then someone else can have that time.",
        "cancel_button": "Yes, cancel my appointment",
        "cancelled": "This appointment was cancelled.",
        "done_cancelled": "Your appointment is cancelled. Still want a conversation? Start again in the chat.",
        "done_moved": "Your appointment has been moved.",
        "past": "This appointment has already taken place.",
        "taken": "Someone else just chose that time. Please choose another time.",
        "not_found": "We cannot find this appointment. Check the link, or start again in the chat.",
        "chat_again": "Go to the chat",
        "switch": "Nederlands",
    },
}


def when(moment: datetime, language: str) -> str:
    """'dinsdag 3 december, 10:00' / 'Tuesday 3 December, 10:00' in Amsterdam time."""
    local = moment.astimezone(local_tz())
    day, month = DAYS[language][local.weekday()], MONTHS[language][local.month - 1]
    return f"{day} {local.day} {month}, {local:%H:%M}"
