"""Rasa 3.6.21's slow paths on every turn, fixed in this one place (applied by `bot.serve`).

1. Custom-action responses. `RemoteAction._validate_action_result` calls `jsonschema.validate`
   with the response schema for every action server response. `validate` first checks the schema
   itself against the draft 2020-12 meta-schema and builds a new validator each time: about 60 %
   of the Rasa server's CPU under load. The schema is a constant, so it is checked once, here, and
   one validator serves every call. What is validated, and the error raised for a bad response,
   are Rasa's own (same schema, same `best_match` error, same message suffix).

2. Calls to the action server. `EndpointConfig.request` opens a new aiohttp ClientSession, and
   with it a new TCP connection, for every call (three or more a turn), and closes it after the
   response. Here one session per event loop and endpoint settings keeps its connections alive
   between calls. The request, its headers, parameters, timeout, the JSON answer and the
   `ClientResponseError` for a 4xx/5xx answer are Rasa's own; idle connections are dropped after
   4 s, before the action server's (Sanic's) 5 s keep-alive ends, so a reused connection is never
   one the server has just closed.

3. What is sent to the action server. Every call carries the domain as JSON (44 KB, of which
   37 KB are the responses in two languages) besides the tracker. The action server never reads
   the responses (rasa-sdk reads `slots` and `forms`; our actions name a response and Rasa
   renders it), so the domain goes without `responses` (a copy made once per loaded model).
   Everything else in the call is Rasa's own.

4. Responses with braces that are not slots. `interpolate_text` fills `{slot}` placeholders; a
   button payload such as `/inform{"mode": "phone"}` makes its `str.format` raise, and Rasa logs
   that with a rendered traceback whose locals hold every slot value (a resident's name, phone
   and e-mail) on every such response, then returns the text unchanged. Here the text is returned
   unchanged the same way, with no traceback and nothing of the resident in the log.

5. Loading a conversation. Every stored event is turned back into its class by
   `Event.resolve_by_type`, which walks all subclasses of `Event` (with `inspect.isabstract` on
   each) for every single event: 6 % of the CPU. The class found for a type name is remembered;
   names it does not know still go to Rasa's own lookup, with its default and its error.

6. Encoding the call to the action server (the tracker with every event of the session) with
   the standard json module was 7 % of the CPU; ujson (already installed with Sanic) encodes the
   same JSON several times faster. Anything ujson cannot encode goes to json as before.

7. Running the model's graph (message parsing and every policy prediction, several times a
   turn). `DaskGraphRunner.run` prunes the graph schema for the targets (a recursive walk without
   memory), builds a dask graph and hands it to dask's scheduler on every call. The pruned plan
   (the nodes in dependency order) is the same for the same targets, so it is made once per
   runner and targets; the nodes then run in that order, each fed the outputs it needs, as dask
   would feed them (an input placeholder that was not given is passed as its name, as dask
   does). Node outputs, the returned mapping and GraphRunError for a RuntimeError are Rasa's.

Each patch keeps a reference to what it replaced (`ORIGINALS`) so tests can compare behaviour.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import ssl
from collections.abc import Callable
from typing import Any

import aiohttp
import rasa
import ujson
from aiohttp.client_exceptions import ContentTypeError
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.nlg import interpolator
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.exceptions import FileNotFoundException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

ORIGINALS: dict[str, Callable[..., Any]] = {}
_SUFFIX = (
    ". Failed to validate Action server response from API, "
    "make sure your response from the Action endpoint is valid. "
    "For more information about the format visit "
    f"{DOCS_BASE_URL}/custom-actions"
)


def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of on every response
    return cls(schema)


_VALIDATOR = _action_response_validator()


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_VALIDATOR.iter_errors(result))
    if error is not None:
        error.message += _SUFFIX
        raise error
    return True


def dumps(value: Any) -> str:
    """JSON for a request body: ujson, or the json module for what ujson refuses (NaN, a lone
    surrogate, an unknown type)."""
    try:
        return str(ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False))
    except (TypeError, ValueError, OverflowError):
        return json.dumps(value)


KEEPALIVE_SECONDS = 4.0
_sessions: dict[tuple[Any, ...], aiohttp.ClientSession] = {}


def shared_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """The kept-alive session for this endpoint's settings on the running event loop."""
    loop = asyncio.get_running_loop()
    auth = tuple(sorted(endpoint.basic_auth.items())) if endpoint.basic_auth else ()
    key = (loop, tuple(sorted((endpoint.headers or {}).items())), auth)
    session = _sessions.get(key)
    if session is None or session.closed:
        for stale in [k for k in _sessions if k[0].is_closed()]:
            del _sessions[stale]
        # the settings of Rasa's `EndpointConfig.session`, plus a keep-alive connector
        basic = endpoint.basic_auth
        session = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            json_serialize=dumps,
        )
        _sessions[key] = session
    return session


async def endpoint_request(
    self: EndpointConfig,
    method: str = "post",
    subpath: str | None = None,
    content_type: str | None = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Any | None:
    """Rasa's `EndpointConfig.request`, on a kept-alive session instead of a new one."""
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs.pop("headers"))
    if self.headers:
        headers.update(self.headers)
    sslcontext = None
    if self.cafile:
        try:
            sslcontext = ssl.create_default_context(cafile=self.cafile)
        except FileNotFoundError as e:
            raise FileNotFoundException(
                f"Failed to find certificate file, '{os.path.abspath(self.cafile)}' does not exist."
            ) from e
    async with shared_session(self).request(
        method,
        concat_url(self.url, subpath),
        headers=headers,
        params=self.combine_parameters(kwargs),
        compress=compress,
        ssl=sslcontext,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise ClientResponseError(response.status, response.reason, await response.content.read())
        try:
            return await response.json()
        except ContentTypeError:
            return None


_slim_domains: dict[int, tuple[Any, dict[str, Any]]] = {}


def slim_domain(domain: Any) -> dict[str, Any]:
    """The domain as the action server needs it, built once per Domain object."""
    cached = _slim_domains.get(id(domain))
    if cached is None or cached[0] is not domain:
        # `as_dict` hands out the Domain's own data: copy, never change it
        as_dict = {key: value for key, value in domain.as_dict().items() if key != "responses"}
        cached = _slim_domains[id(domain)] = (domain, as_dict)
    return cached[1]


def action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
    """Rasa's `RemoteAction._action_call_format`, with the slim domain."""
    from rasa.shared.core.trackers import EventVerbosity

    result: dict[str, Any] = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(EventVerbosity.ALL),
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = slim_domain(domain)
    return result


def interpolate_text(response: str, values: dict[str, str]) -> str:
    """Rasa's `interpolate_text` without the traceback (and the slot values) in the log."""
    try:
        text = re.sub(r"{([^\n{}]+?)}", r"{0[\1]}", response)
        text = text.format(values)
        if "0[" in text:
            return response.format({})
        return text
    except KeyError:
        return response


_event_types: dict[str, type] = {}


def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    """Rasa's `Event.resolve_by_type`, remembering the class found for each type name."""
    found = _event_types.get(type_name)
    if found is not None:
        return found
    result: type | None = ORIGINALS["resolve_by_type"](type_name, default)
    if result is not None and result is not default:
        _event_types[type_name] = result
    return result


PLANS = "_leertdoor_plans"


def _plan(runner: Any, targets: list[str]) -> list[tuple[str, Any, list[str]]]:
    """(node name, node, names it needs) for the targets' nodes, each after what it needs."""
    schema = runner._graph_schema.minimal_graph_schema(targets)
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in schema.nodes:
            return
        seen.add(name)
        for need in schema.nodes[name].needs.values():
            visit(need)
        order.append(name)

    for name in schema.nodes:
        visit(name)
    return [(name, runner._instantiated_nodes[name], list(schema.nodes[name].needs.values())) for name in order]


def graph_run(self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
    """Rasa's `DaskGraphRunner.run`, on a plan made once per targets instead of dask."""
    run_targets = list(targets) if targets else self._graph_schema.target_names
    plans = self.__dict__.setdefault(PLANS, {})
    plan = plans.get(tuple(run_targets))
    if plan is None:
        plan = plans[tuple(run_targets)] = _plan(self, run_targets)
    results: dict[str, Any] = {}
    nodes = {name for name, _, _ in plan}
    for input_name, input_value in (inputs or {}).items():
        if isinstance(input_value, str) and (input_value in nodes or input_value in results):
            raise GraphRunError(
                f"Input value '{input_value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema."
            )
        results[input_name] = (input_name, input_value)
    try:
        for name, node, needs in plan:
            results[name] = node(*[results.get(need, need) for need in needs])
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results.get(target, target) for target in run_targets)


def apply() -> None:
    """Idempotent: patches Rasa's classes in this process (and the workers it forks)."""
    if "validate_action_result" in ORIGINALS:
        return
    ORIGINALS["validate_action_result"] = RemoteAction._validate_action_result
    RemoteAction._validate_action_result = validate_action_result
    ORIGINALS["endpoint_request"] = EndpointConfig.request
    EndpointConfig.request = endpoint_request
    ORIGINALS["action_call_format"] = RemoteAction._action_call_format
    RemoteAction._action_call_format = action_call_format
    ORIGINALS["interpolate_text"] = interpolator.interpolate_text
    interpolator.interpolate_text = interpolate_text
    ORIGINALS["resolve_by_type"] = Event.resolve_by_type
    Event.resolve_by_type = staticmethod(resolve_by_type)
    ORIGINALS["graph_run"] = DaskGraphRunner.run
    DaskGraphRunner.run = graph_run


__all__ = [
    "ORIGINALS",
    "ValidationError",
    "action_call_format",
    "apply",
    "endpoint_request",
    "graph_run",
    "interpolate_text",
    "resolve_by_type",
    "validate_action_result",
]
