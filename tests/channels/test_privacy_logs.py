"""No personal data in any log (issue 9): whole conversations on WhatsApp and REST with a name, a
phone number and an e-mail address (and the messages that used to make Rasa log a resident's
text: a lone surrogate, one too long), then the logs of every process (the API, the action
server, both Rasa instances) are searched for them. Runs after the rest of the suite, so the
WhatsApp numbers of every other test are searched for too."""

from __future__ import annotations

import re

from tests.channels.conftest import WhatsAppResident, texts
from tests.stack import Stack

NAME_WA, EMAIL_WA = "Fatima Bakker", "fatima.bakker@example.org"
NAME_REST, EMAIL_REST, PHONE_REST = "Sanne Vermeulen", "sanne.vermeulen@example.org", "0687654321"


def test_no_name_phone_number_or_email_in_any_log(stack: Stack, stub):
    wa = WhatsAppResident(stack, stub, name="Fatima")
    wa.say(f"Hoi, mijn e-mail is {EMAIL_WA} en bel me op {PHONE_REST}", expect="Hoe oud ben je?")
    wa.say("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op", expect="1.", instance=1)
    wa.say("1", expect="1.")  # anything else to change? no
    wa.say("1")  # a conversation: yes
    wa.say("1", instance=1)  # storing for it: yes
    wa.say("Telefonisch", expect="1.", instance=1)
    wa.say("1", expect="naam")
    wa.say(NAME_WA, expect="Klopt dat?", instance=1)
    wa.say("Ja, plan maar", expect="Je afspraak staat!")
    wa.post(f"{NAME_WA} {EMAIL_WA} " * 200, instance=1)  # too long: refused

    cid = "privacy-rest"
    answers = [
        f"hoi, mail me gerust op {EMAIL_REST}",
        "ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op",
        "nee, dat was het",  # anything else to change?
        "ja",
        "ja, dat is goed",  # consent, asked at the booking
        "bellen graag",
        "1",
        NAME_REST,
        PHONE_REST,
        "ja",
    ]
    for i, text in enumerate(answers):
        out = texts(stack.say(cid, text, {"language": "nl"}, instance=i % 2))
    assert "Je afspraak staat" in out, out
    lead = stack.lead(cid)
    assert lead["contact"]["name"] == NAME_REST and lead["contact"]["phone"] and lead["booking"]
    stack.say(cid, f"mijn nummer is {PHONE_REST} \ud800 {EMAIL_REST}")
    stack.say(cid, f"{NAME_REST} {PHONE_REST} " * 300)
    assert stack.lead(wa.sender)["contact"]["name"] == NAME_WA

    numbers = {m["To"].removeprefix("whatsapp:") for m in stub.sent}
    assert wa.number in numbers
    secrets = {NAME_WA, EMAIL_WA, NAME_REST, EMAIL_REST, PHONE_REST, *NAME_WA.split(), *NAME_REST.split()}
    patterns = [re.compile(re.escape(s), re.I) for s in secrets]
    # a number in any form: +31612345678, 31612345678, 0612345678, 612345678
    patterns += [re.compile(re.escape(n.removeprefix("+31"))) for n in numbers]
    logs = stack.logs()
    assert {"api", "actions", "rasa", "rasa2"} <= set(logs)
    found = [
        f"{name}: {line.strip()[:200]}"
        for name, log in logs.items()
        for line in log.splitlines()
        if any(p.search(line) for p in patterns)
    ]
    assert not found, "\n".join(found[:20])
