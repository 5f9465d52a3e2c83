"""Rasa 3.6.21's slow paths on every turn, fixed in this one place (applied by `bot.serve`).

1. Custom-action responses. `RemoteAction._validate_action_result` calls `jsonschema.validate`
   with the response schema for every action server response. `validate` first checks the schema
   itself against the draft 2020-12 meta-schema and builds a new validator each time: about 60 %
   of the Rasa server's CPU under load. The schema is a constant, so it is checked once, here, and
   one validator serves every call. What is validated, and the error raised for a bad response,
   are Rasa's own (same schema, same `best_match` error, same message suffix).

Each patch keeps a reference to what it replaced (`ORIGINALS`) so tests can compare behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

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


def apply() -> None:
    """Idempotent: patches Rasa's classes in this process (and the workers it forks)."""
    if "validate_action_result" in ORIGINALS:
        return
    ORIGINALS["validate_action_result"] = RemoteAction._validate_action_result
    RemoteAction._validate_action_result = validate_action_result


__all__ = ["ORIGINALS", "ValidationError", "apply", "validate_action_result"]
