"""Message size and rate (issue 9 and issue 8 §2): a message over the limit is refused at once, in
the resident's language, before it reaches NLU, in every channel; too many messages in one
conversation are refused politely, counted across both Rasa instances; HTTP bodies are limited."""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.request

from tests.channels.conftest import WhatsAppResident, status_for_length, texts
from tests.channels.socketio_client import Browser
from tests.stack import Stack

TOO_LONG_NL = "Je bericht is te lang. Kun je het korter zeggen?"
TOO_LONG_EN = "Your message is too long."
TOO_FAST_NL = "Je stuurt veel berichten snel na elkaar."
BIG = "Ik wil graag meer weten over de voucher. " * 1250  # 50 KB


def test_a_50_kb_message_is_refused_politely_and_never_reaches_the_bot(stack: Stack):
    cid = "limits-" + secrets.token_hex(4)
    assert texts(stack.say(cid, BIG, {"language": "nl"})) == TOO_LONG_NL
    assert stack.user_texts(cid) == []
    assert "digitale assistent" in texts(stack.say(cid, "hoi"))  # the conversation goes on


def test_the_refusal_is_in_the_residents_language(stack: Stack):
    cid = "limits-en-" + secrets.token_hex(4)
    stack.say(cid, "Hello, I would like to know more about this voucher please")
    assert stack.tracker(cid)["slots"]["language"] == "en"
    out = texts(stack.say(cid, "x" * 5000, {"language": "nl"}, instance=1))  # the conversation's language wins
    assert out.startswith(TOO_LONG_EN), out


def test_a_long_message_on_the_website_is_refused(stack: Stack):
    async def scenario() -> list[dict]:
        browser = Browser(stack.rasa_urls()[1])
        session = await browser.connect({})
        await browser.emit("user_uttered", {"message": BIG, "metadata": {"language": "nl"}})
        replies = await browser.wait_replies(1, timeout=60)
        await browser.close()
        assert stack.user_texts(session["session_id"]) == []
        return replies

    assert [r["text"] for r in asyncio.run(scenario())] == [TOO_LONG_NL]


def test_a_long_whatsapp_message_is_refused(stack: Stack, stub):
    r = WhatsAppResident(stack, stub)
    sid = r.post("a" * 4000, instance=1)
    assert r.wait_done(sid) == "refused_too_long"
    assert r.replies() == [TOO_LONG_NL]
    assert stack.user_texts(r.sender) == []


def test_too_many_messages_are_refused_across_both_instances(stack: Stack):
    limit = 15  # MESSAGE_RATE_LIMIT's default, per 10 s
    cid = "limits-rate-" + secrets.token_hex(4)
    answers = [texts(stack.say(cid, "x" * 2000, instance=i % 2)) for i in range(2 * limit + 1)]
    assert answers[:limit] == [TOO_LONG_NL] * limit
    # 31 messages cover at most two 10-second windows: one of them saw more than 15
    assert any(a.startswith(TOO_FAST_NL) for a in answers), answers
    assert stack.user_texts(cid) == []


def test_whatsapp_answers_one_rate_refusal_per_window(stack: Stack, stub):
    r = WhatsAppResident(stack, stub)
    sids = [r.post("b" * 2000, instance=i % 2) for i in range(31)]  # more than 15 in one window
    states = [r.wait_done(sid) for sid in sids]
    assert states[:15] == ["refused_too_long"] * 15
    assert "refused_too_fast" in states
    assert 1 <= sum(1 for b in r.replies() if b.startswith(TOO_FAST_NL)) <= 2  # a reply costs money


def test_http_bodies_over_rasas_limit_are_refused(stack: Stack):
    for port in stack.rasa_ports:
        assert status_for_length(port, "/webhooks/rest/webhook", 200 * 1024) == 413
        assert status_for_length(port, "/webhooks/whatsapp/webhook", 200 * 1024) == 413


def test_a_lone_surrogate_is_answered_not_a_failure(stack: Stack):
    cid = "limits-utf-" + secrets.token_hex(4)
    # a raw JSON escape: json.dumps would not write a lone surrogate this way from Python
    body = b'{"sender": "' + cid.encode() + b'", "message": "ik ben 40 \\ud800 jaar", "metadata": {}}'
    request = urllib.request.Request(
        f"{stack.rasa_urls()[1]}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200
        answer = json.loads(response.read())
    assert answer and "Sorry" not in texts(answer)
    assert stack.user_texts(cid) == ["ik ben 40 \ufffd jaar"]
