"""bot/speedups.py changes how fast Rasa validates action responses, not what it accepts: every
response is judged as Rasa 3.6's own `_validate_action_result` judges it, with the same error."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 45}], "responses": [{"text": "Hoi"}]},
    {"events": [{"event": "followup", "name": "intake_form"}, {"event": "restart"}]},
    {"responses": [{"response": "utter_welcome", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
    {},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"name": "age", "value": 45}]},  # no event type
    {"events": [{"event": "slot", "name": 3, "value": 1}]},
    {"responses": ["a bare string"]},
    {"events": [{"event": "no_such_event"}]},
    [],
]


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    speedups.apply()
    return RemoteAction("action_check_eligibility", EndpointConfig("http://localhost:1/webhook"))


def test_the_server_uses_the_patched_validation() -> None:
    speedups.apply()
    speedups.apply()  # idempotent: the original is kept once
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert speedups.ORIGINALS["validate_action_result"] is not speedups.validate_action_result


@pytest.mark.parametrize("response", GOOD)
def test_valid_responses_are_accepted_as_before(action: RemoteAction, response: dict) -> None:
    assert speedups.ORIGINALS["validate_action_result"](action, response) is True
    assert action._validate_action_result(response) is True


@pytest.mark.parametrize("response", BAD)
def test_bad_responses_are_still_rejected_with_rasas_error(action: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError) as original:
        speedups.ORIGINALS["validate_action_result"](action, response)
    with pytest.raises(ValidationError) as patched:
        action._validate_action_result(response)
    assert patched.value.message == original.value.message
    assert "Failed to validate Action server response" in patched.value.message
    assert list(patched.value.path) == list(original.value.path)


# -- calls to the action server: one kept-alive connection instead of one per call


@pytest.fixture
def action_server():
    """A local HTTP server that answers like an action server and notes each TCP connection."""
    import asyncio
    import threading

    from aiohttp import web

    seen: dict[str, list] = {"peers": [], "headers": []}

    async def webhook(request: web.Request) -> web.Response:
        seen["peers"].append(request.transport.get_extra_info("peername"))
        seen["headers"].append(dict(request.headers))
        body = await request.json()
        if body.get("next_action") == "bad":
            return web.json_response({"error": "no such action", "action_name": "bad"}, status=400)
        return web.json_response({"events": [], "responses": [{"text": body["next_action"]}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/webhook", seen
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_action_calls_share_one_connection_and_answer_as_before(action_server) -> None:
    import asyncio

    from rasa.utils.endpoints import ClientResponseError

    url, seen = action_server
    speedups.apply()
    endpoint = EndpointConfig(url, headers={"X-Check": "1"}, token="secret")

    async def calls():
        answers = [await endpoint.request(json={"next_action": f"a{i}"}, method="post") for i in range(3)]
        with pytest.raises(ClientResponseError) as refused:
            await endpoint.request(json={"next_action": "bad"}, method="post")
        original = speedups.ORIGINALS["endpoint_request"]
        before = await original(endpoint, json={"next_action": "a0"}, method="post")
        await speedups.shared_session(endpoint).close()
        return answers, refused.value, before

    answers, refused, before = asyncio.run(calls())
    assert [a["responses"][0]["text"] for a in answers] == ["a0", "a1", "a2"]
    assert answers[0] == before  # the same answer as Rasa's own request
    assert refused.status == 400 and b"no such action" in refused.text
    assert len(set(seen["peers"][:4])) == 1  # four calls, one connection
    assert all(h.get("X-Check") == "1" for h in seen["headers"])


# -- what is sent to the action server, and responses with braces


def test_action_calls_carry_rasas_payload_with_the_domain_minus_responses() -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from tests.bot.conftest import ROOT

    speedups.apply()
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("c1", domain.slots)
    tracker.update(UserUttered("ik ben 45", {"name": "inform", "confidence": 1.0}))
    tracker.update(SlotSet("age", 45))
    action = RemoteAction("validate_intake_form", EndpointConfig("http://localhost:1/webhook"))
    ours = action._action_call_format(tracker, domain)
    theirs = speedups.ORIGINALS["action_call_format"](action, tracker, domain)
    assert "responses" in theirs["domain"] and "responses" not in ours["domain"]
    assert ours["domain"] == {k: v for k, v in theirs["domain"].items() if k != "responses"}
    assert {k: v for k, v in ours.items() if k != "domain"} == {k: v for k, v in theirs.items() if k != "domain"}
    assert ours["domain"]["forms"]["intake_form"]["required_slots"]  # what rasa-sdk's forms read
    assert action._action_call_format(tracker, domain)["domain"] is ours["domain"]  # built once


@pytest.mark.parametrize(
    "text",
    [
        "Hoi {contact_name}, je bent {age} jaar.",
        '/inform{"mode": "phone"}',
        '/inform{"slot_choice": "2"}',
        "{no_such_slot} blijft staan",
        "{{letterlijk}}",
        "geen haakjes",
    ],
)
def test_responses_are_filled_in_as_rasa_does_without_logging_the_slots(text: str, capsys, caplog) -> None:
    from rasa.core.nlg import interpolator

    speedups.apply()
    values = {"contact_name": "Jan Jansen", "age": "45", "contact_email": "jan@example.org"}
    expected = speedups.ORIGINALS["interpolate_text"](text, values)
    capsys.readouterr()
    caplog.clear()
    assert interpolator.interpolate_text(text, values) == expected
    logged = capsys.readouterr().out + capsys.readouterr().err + caplog.text
    assert "Jan Jansen" not in logged and "jan@example.org" not in logged


def test_events_load_as_the_same_classes() -> None:
    from rasa.shared.core import events

    speedups.apply()
    names = ["user", "bot", "action", "slot", "restart", "active_loop", "session_started", "followup"]
    for name in names * 2:  # the second time from the remembered classes
        assert events.Event.resolve_by_type(name) is speedups.ORIGINALS["resolve_by_type"](name)
    assert events.Event.resolve_by_type("no_such_event", default=events.SlotSet) is events.SlotSet
    assert events.Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        events.Event.resolve_by_type("no_such_event")
    restored = events.Event.from_parameters({"event": "slot", "name": "age", "value": 45})
    assert restored == events.SlotSet("age", 45)


@pytest.mark.parametrize(
    "value",
    [
        {"tracker": {"events": [{"event": "user", "text": "ik woon in 's-Gravenzande / Den Haag €"}]}},
        {"x": float("nan")},
        {"text": "lone \ud800 surrogate"},
        {"n": 1.5e300, "b": True, "none": None, "nested": [[1, 2], {"a": "b"}]},
    ],
)
def test_request_bodies_are_the_same_json(value: dict) -> None:
    import json
    import math

    encoded = speedups.dumps(value)
    decoded = json.loads(encoded)
    expected = json.loads(json.dumps(value))
    if "x" in value:
        assert math.isnan(decoded["x"])
    else:
        assert decoded == expected


# -- running the model's graph without dask


class _Node:
    """Stands in for a GraphNode: returns (its name, what it computed from its inputs)."""

    def __init__(self, name: str, fn) -> None:
        self.name, self.fn, self.calls = name, fn, 0

    def __call__(self, *inputs):
        self.calls += 1
        return self.name, self.fn(*[value for _, value in inputs])


def _runner():
    from rasa.engine.graph import GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner

    def node(needs: dict, target: bool = False) -> SchemaNode:
        return SchemaNode(
            needs=needs, uses=GraphComponent, constructor_name="load", fn="f", config={}, is_target=target
        )

    schema = GraphSchema(
        {
            "tokens": node({"text": "__message__"}),
            "counts": node({"tokens": "tokens"}),
            "chars": node({"tokens": "tokens"}),
            "intent": node({"a": "counts", "b": "chars"}, target=True),
            "entities": node({"tokens": "tokens", "message": "__message__"}, target=True),
            "unused": node({"x": "intent"}),
        }
    )
    nodes = {
        "tokens": _Node("tokens", lambda text: text.split()),
        "counts": _Node("counts", lambda tokens: len(tokens)),
        "chars": _Node("chars", lambda tokens: sum(map(len, tokens))),
        "intent": _Node("intent", lambda a, b: f"{a}/{b}"),
        "entities": _Node("entities", lambda tokens, message: [t for t in tokens if t.isdigit()] + [message[:2]]),
        "unused": _Node("unused", lambda x: 1 / 0),
    }
    runner = object.__new__(DaskGraphRunner)
    runner._graph_schema, runner._instantiated_nodes, runner._execution_context = schema, nodes, None
    return runner, nodes


@pytest.mark.parametrize("targets", [None, ["intent"], ["entities"], ["intent", "entities"]])
def test_the_graph_gives_what_dask_gives(targets) -> None:
    speedups.apply()
    runner, nodes = _runner()
    inputs = {"__message__": "ik ben 45 en woon in Delft"}
    expected = speedups.ORIGINALS["graph_run"](runner, inputs=inputs, targets=targets)
    for n in nodes.values():
        n.calls = 0
    assert runner.run(inputs=inputs, targets=targets) == expected
    assert runner.run(inputs=inputs, targets=targets) == expected  # from the remembered plan
    assert nodes["unused"].calls == 0 and all(n.calls <= 2 for n in nodes.values())


def test_the_graph_refuses_an_input_named_like_a_node_and_reports_failures_as_rasa_does() -> None:
    from rasa.engine.exceptions import GraphRunError

    speedups.apply()
    runner, nodes = _runner()
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        runner.run(inputs={"__message__": "tokens"})
    nodes["chars"].fn = lambda tokens: (_ for _ in ()).throw(RuntimeError("boom"))
    with pytest.raises(GraphRunError):
        runner.run(inputs={"__message__": "hoi"}, targets=["intent"])
