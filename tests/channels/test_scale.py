"""Scale-out on Rasa's own path (issue 8 §3): two Rasa instances share one Redis lock store and one
PostgreSQL tracker store; the turns of one conversation run one at a time, in the order they
arrived, whichever instance took them; a conversation whose turns alternate between the
instances continues and ends with the right lead."""

from __future__ import annotations

import secrets
import threading

from tests.channels.conftest import WhatsAppResident, texts
from tests.stack import Stack


def test_ten_parallel_messages_of_one_resident_are_handled_in_arrival_order(stack: Stack, stub):
    """Twilio posts each message as it arrives and Rasa acknowledges it at once, before the turn
    runs: the order of the acknowledgements is the order of arrival. The ten messages are in
    flight together, taken alternately by the two instances."""
    r = WhatsAppResident(stack, stub)
    r.say("Hoi")
    sids = [r.post(f"bericht nummer {n}", instance=n % 2) for n in range(1, 11)]
    assert [r.wait_done(sid) for sid in sids] == ["processed"] * 10
    said = stack.user_texts(r.sender)
    assert said[1:] == [f"bericht nummer {n}" for n in range(1, 11)], said


def test_parallel_rest_messages_are_each_handled_once(stack: Stack):
    """Ten requests at the same moment, five to each instance: every message is kept once and
    its turn is complete (no two turns of one conversation at once)."""
    cid = "scale-par-" + secrets.token_hex(4)
    stack.say(cid, "hoi")
    barrier = threading.Barrier(10)
    answers: dict[int, str] = {}

    def send(n: int) -> None:
        barrier.wait()
        answers[n] = texts(stack.say(cid, f"vraag {n}", instance=n % 2))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    said = stack.user_texts(cid)
    assert sorted(said[1:]) == sorted(f"vraag {n}" for n in range(10)), said
    assert all(answers[n] for n in range(10)), answers
    events = stack.tracker(cid)["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    for start, end in zip(users, [*users[1:], len(events)], strict=True):
        turn = [e.get("name") for e in events[start:end] if e["event"] == "action"]
        assert turn and turn[-1] == "action_listen", f"an interleaved turn: {turn}"


def test_a_conversation_alternating_between_instances_continues_to_a_booking(stack: Stack):
    cid = "scale-alt-" + secrets.token_hex(4)
    turns = [
        ("hoi", "digitale assistent"),
        ("ik ben 45, woon in Delft, werk in de bouw en mn rug speelt op", "Is er nog iets anders?"),
        ("nee, dat was het", "Goed nieuws"),
        ("ja", None),
        ("ja, dat is goed", None),  # consent, asked at the booking
        ("bellen graag", "vrij"),
        ("1", None),
        ("Jan Jansen", None),
        ("0612345678", "Klopt dat?"),
        ("ja", "Je afspraak staat"),
    ]
    for i, (text, expect) in enumerate(turns):
        out = texts(stack.say(cid, text, {"language": "nl"}, instance=i % 2))
        assert out, f"no answer to {text!r} on instance {i % 2}"
        if expect:
            assert expect in out, f"{text!r} on instance {i % 2} -> {out}"
    lead = stack.lead(cid)
    assert lead["age"] == 45 and lead["municipality"] == "Delft" and lead["work_situation"] == "employed"
    assert lead["eligibility"]["verdict"] == "eligible"
    assert lead["contact"]["name"] == "Jan Jansen"
    assert lead["booking"] and lead["booking"]["mode"] == "phone"
    assert stack.user_texts(cid) == [text for text, _ in turns]
