"""Only Rasa may call the action server (issue 9, high): a crafted call to its webhook, which acts
for a resident with the API's service token, is refused; it listens on the loopback only; Rasa's
own calls carry the secret and work. The Rasa API's token is on no command line."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.channels.conftest import status_for_length, texts
from tests.stack import Stack, command_lines, http


def post(url: str, body: dict, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def erase_call(conversation_id: str) -> dict:
    """What an attacker sent: Rasa's action call for `action_delete_data` on someone's conversation."""
    return {
        "next_action": "action_delete_data",
        "sender_id": conversation_id,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": conversation_id,
            "slots": {},
            "latest_message": {"text": "wis", "intent": {"name": "delete_data"}, "entities": []},
            "latest_event_time": 0,
            "paused": False,
            "events": [],
            "latest_input_channel": "rest",
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


@pytest.fixture(scope="module")
def resident(stack: Stack) -> str:
    cid = "rest-actions-" + Path(stack.workdir).name[-6:]
    stack.say(cid, "hoi")
    stack.say(cid, "ik ben 52 en woon in Westland")
    # nothing is stored before consent: a call-back request with a number is the consent
    stack.say(cid, "kan iemand mij bellen?")
    stack.say(cid, "0612345678")
    assert stack.lead(cid)["age"] == 52
    return cid


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "wrong"}])
def test_a_crafted_call_to_the_action_server_is_refused(stack, resident, headers):
    base = f"http://127.0.0.1:{stack.actions_port}"
    status, body = post(f"{base}/webhook", erase_call(resident), headers)
    assert status == 401 and "only the Rasa server" in body["error"]
    assert stack.lead(resident) is not None, "the lead still exists"
    with pytest.raises(urllib.error.HTTPError) as refused:
        http("GET", f"{base}/actions", headers=headers)
    assert refused.value.code == 401
    assert http("GET", f"{base}/health") == {"status": "ok"}  # health checks need no secret


def test_rasa_calls_the_action_server_with_the_secret(stack, resident):
    # these turns run custom actions (form validation, the lead upsert): they work
    out = texts(stack.say(resident, "ik werk in de kas"))
    assert "Je antwoorden zijn bewaard" not in out, out
    assert stack.lead(resident)["work_situation"] == "employed"
    token = stack.env["ACTION_SERVER_TOKEN"]
    status, body = post(
        f"http://127.0.0.1:{stack.actions_port}/webhook",
        {"next_action": "action_that_does_not_exist", "tracker": {}},
        {"Authorization": f"Bearer {token}"},
    )
    assert status == 404, body  # past the check: the action server itself answers
    assert "tracker" not in json.dumps(body), "errors do not echo the request"


def test_the_action_server_listens_on_the_loopback_only(stack):
    port = stack.actions_port
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                listening.add(address)
    assert listening == {"0100007F"}, listening  # 127.0.0.1, nothing else
    with socket.create_connection(("127.0.0.1", port), timeout=3):
        pass


def test_a_body_over_the_action_servers_limit_is_refused(stack):
    auth = {"Authorization": f"Bearer {stack.env['ACTION_SERVER_TOKEN']}"}
    assert status_for_length(stack.actions_port, "/webhook", 5 * 1024 * 1024, auth) == 413


def test_the_rasa_token_is_on_no_command_line_and_the_api_needs_it(stack):
    assert not [line for line in command_lines() if stack.rasa_token in line]
    assert not [line for line in command_lines() if stack.env["ACTION_SERVER_TOKEN"] in line]
    with pytest.raises(urllib.error.HTTPError) as refused:
        http("GET", f"{stack.rasa_url}/conversations/anyone/tracker")
    assert refused.value.code == 401
    assert http("GET", f"{stack.rasa_url}/status?token={stack.rasa_token}")["model_file"]
