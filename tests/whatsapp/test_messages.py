"""What the resident sees and sends: numbered options, long replies, media/location/empty,
STOP/START, language of the channel's own texts."""

from __future__ import annotations

import pytest

from tests.whatsapp.conftest import RESIDENT, inbound, serve

pytestmark = pytest.mark.asyncio

CONSENT = [{"title": "Ja, dat is goed", "payload": "/affirm"}, {"title": "Nee, liever niet", "payload": "/deny"}]
MODES = [
    {"title": "Telefonisch", "payload": '/inform{"mode": "phone"}'},
    {"title": "Videobellen", "payload": '/inform{"mode": "video"}'},
    {"title": "Op kantoor", "payload": '/inform{"mode": "in_person"}'},
]
LONG = " ".join(
    f"Zin {i}: de voucher van maximaal 3.500 euro betaalt een opleiding die bij je past." for i in range(60)
)


async def scripted(message):
    """A stand-in bot: some texts answer with options, one with a long text."""
    out, to = message.output_channel, message.sender_id
    if message.text in ("Hoi", "opnieuw"):
        await out.send_text_message(to, "Hallo! Ik ben de digitale assistent van Leert Door.")
        await out.send_text_with_buttons(to, "Mag ik je antwoorden bewaren?", CONSENT)
    elif message.text == "/affirm":
        await out.send_text_with_buttons(to, "Hoe wil je het gesprek voeren?", MODES)
    elif message.text == "lang":
        await out.send_text_message(to, "Eerst dit.")
        await out.send_text_message(to, LONG)
        await out.send_text_message(to, "En tot slot dit.")
    else:
        await out.send_text_message(to, f"Ontvangen: {message.text}")


@pytest.mark.parametrize(
    "answer,expected",
    [
        ("1", "/affirm"),
        ("2", "/deny"),
        (" 2. ", "/deny"),
        ("optie 1", "/affirm"),
        ("ja, dat is goed", "/affirm"),
        ("Nee, liever niet!", "/deny"),
        ("3", "3"),
        ("misschien", "misschien"),
    ],
)
async def test_buttons_become_numbered_options_and_answers_map_back(make_config, stub, answer, expected):
    async with serve(make_config(), scripted) as s:
        await s.say("Hoi")
        assert stub.bodies() == [
            "Hallo! Ik ben de digitale assistent van Leert Door.",
            "Mag ik je antwoorden bewaren?\n\n1. Ja, dat is goed\n2. Nee, liever niet\n\n"
            "Antwoord met een nummer of typ je antwoord.",
        ]
        await s.say(answer)
        assert s.received[-1].text == expected
        assert s.received[-1].metadata["whatsapp"]["profile_name"] == "Fatima"


async def test_options_follow_the_latest_offer_and_survive_a_restart(make_config, stub):
    config = make_config()
    async with serve(config, scripted) as s:
        await s.say("Hoi")
        await s.say("1")
        assert s.received[-1].text == "/affirm"
        assert stub.bodies()[-1].startswith(
            "Hoe wil je het gesprek voeren?\n\n1. Telefonisch\n2. Videobellen\n3. Op kantoor"
        )
    async with serve(config, scripted) as s2:
        await s2.say("3")
        assert s2.received[-1].text == '/inform{"mode": "in_person"}'
        # that reply offered no options: a number is now just text for the bot
        await s2.say("2")
        assert s2.received[-1].text == "2"


async def test_options_are_per_resident(make_config, stub):
    other = "whatsapp:+31687654321"
    async with serve(make_config(), scripted) as s:
        await s.say("Hoi")
        await s.say("1", sender=other)
        assert s.received[-1].text == "1"
        await s.say("1")
        assert s.received[-1].text == "/affirm"


async def test_long_reply_is_split_on_sentences_in_order(make_config, stub):
    async with serve(make_config(), scripted) as s:
        await s.say("lang")
        bodies = stub.bodies()
        assert bodies[0] == "Eerst dit."
        assert bodies[-1] == "En tot slot dit."
        middle = bodies[1:-1]
        assert len(middle) >= 3
        assert all(len(b) <= 1600 for b in middle)
        assert all(b.endswith("past.") for b in middle)  # cut after a sentence
        assert " ".join(middle) == LONG  # nothing lost, nothing reordered


@pytest.mark.parametrize(
    "extra,expected",
    [
        (
            {
                "Body": "",
                "NumMedia": "1",
                "MediaUrl0": "https://api.twilio.com/media/ME1",
                "MediaContentType0": "image/jpeg",
                "MessageType": "image",
            },
            "Ik kan alleen tekst lezen",
        ),
        (
            {"Body": "", "NumMedia": "1", "MediaContentType0": "audio/ogg", "MessageType": "audio"},
            "Ik kan alleen tekst lezen",
        ),
        (
            {"Body": "", "Latitude": "52.0705", "Longitude": "4.3007", "Address": "Spui 70", "MessageType": "location"},
            "Dank je! Een locatie kan ik niet lezen",
        ),
        ({"Body": ""}, "Ik heb geen tekst ontvangen"),
        ({"Body": "   "}, "Ik heb geen tekst ontvangen"),
    ],
)
async def test_media_location_and_empty_messages_get_a_polite_text(make_config, stub, extra, expected):
    async with serve(make_config(), scripted) as s:
        form = inbound("", **extra)
        form.update(extra)
        r = await s.post(form)
        assert r.status_code == 200
        await s.channel.drain()
        assert s.received == []
        [body] = stub.bodies()
        assert body.startswith(expected)


async def test_media_with_a_caption_is_processed_as_text(make_config, stub):
    async with serve(make_config(), scripted) as s:
        await s.say(
            "Mijn diploma", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0="https://api.twilio.com/media/ME2"
        )
        assert [m.text for m in s.received] == ["Mijn diploma"]


class _Tracker:
    def __init__(self, language):
        self.language = language

    def get_slot(self, name):
        return self.language if name == "language" else None


class _Agent:
    def __init__(self, language):
        class Store:
            async def retrieve(_, sender_id):
                return _Tracker(language)

        self.tracker_store = Store()


async def test_english_conversation_gets_english_channel_texts(make_config, stub):
    async with serve(make_config(), scripted, agent=_Agent("en")) as s:
        await s.say("Hoi")
        assert stub.bodies()[-1].endswith("Reply with a number or type your answer.")
        await s.say("", NumMedia="1", MediaContentType0="image/png")
        assert stub.bodies()[-1].startswith("I can only read text")
        await s.say("STOP")
        assert stub.bodies()[-1].startswith("You have unsubscribed")


@pytest.mark.parametrize("stop,start", [("STOP", "START"), ("stoppen", "Aanmelden"), ("Afmelden.", "start")])
async def test_stop_and_start(make_config, stub, stop, start):
    config = make_config()
    async with serve(config, scripted) as s:
        await s.say("Hoi")
        n = len(stub.sent)
        await s.say(stop)
        assert stub.bodies()[n:] == [
            "Je bent afgemeld: je krijgt geen berichten meer van ons via WhatsApp. "
            "Stuur START als je toch weer wilt chatten."
        ]
        assert [m.text for m in s.received] == ["Hoi"]  # STOP is not passed to the bot
        n = len(stub.sent)
        await s.say("Hallo?")
        await s.say("STOP")
        assert len(stub.sent) == n and [m.text for m in s.received] == ["Hoi"]
    async with serve(config, scripted) as s2:  # the opt-out survives a restart
        await s2.say("Hoi")
        assert len(stub.sent) == n and s2.received == []
        await s2.say(start)
        assert stub.bodies()[n:] == [
            "Welkom terug! Je krijgt weer berichten van ons. Stuur een bericht om verder te gaan."
        ]
        await s2.say("opnieuw")
        assert [m.text for m in s2.received] == ["opnieuw"]
        assert len(stub.sent) == n + 3


async def test_start_without_opt_out_goes_to_the_bot(make_config, stub):
    async with serve(make_config(), scripted) as s:
        await s.say("Start")
        assert [m.text for m in s.received] == ["Start"]


async def test_nothing_is_sent_after_opt_out_even_from_a_turn_under_way(make_config, stub):
    import asyncio

    async def slow(message):
        if message.text == "Hoi":
            await asyncio.sleep(0.3)
        await message.output_channel.send_text_message(message.sender_id, "antwoord")

    async with serve(make_config(), slow) as s:
        await s.post(inbound("Hoi"))
        await asyncio.sleep(0.05)
        # STOP arrives while the first turn runs; it waits its turn, so "antwoord" goes first
        await s.post(inbound("STOP"))
        await s.channel.drain()
        assert stub.bodies()[0] == "antwoord"
        assert stub.bodies()[1].startswith("Je bent afgemeld")
        # a push from the bot later (reminder, trigger_intent) is not sent either
        push = s.channel.get_output_channel()
        await push.send_text_message(RESIDENT, "Herinnering")
        assert len(stub.sent) == 2
