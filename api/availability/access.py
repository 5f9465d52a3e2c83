"""Whose availability a request may change: an adviser their own, an administrator anyone's.
One loader for the JSON API and the pages."""

# No `from __future__ import annotations`: FastAPI reads the loaders' annotations at run time,
# and `Depends(who)` names a variable of the enclosing function.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.core.db import get_row
from api.core.errors import Forbidden, NotFound


def adviser_loader(who: Callable[..., Adviser]) -> Callable[..., Adviser]:
    """The path's adviser, for that adviser or an administrator (403 for anyone else)."""

    def load_adviser(
        adviser_id: Annotated[int, Path()], session: SessionDep, me: Annotated[Adviser, Depends(who)]
    ) -> Adviser:
        if me.role != "admin" and me.id != adviser_id:
            raise Forbidden("Only an administrator changes another adviser's availability.", "admin_only")
        target = me if me.id == adviser_id else get_row(session, Adviser, adviser_id)
        if target is None:
            raise NotFound("No such adviser.", text_key="advisers.not_found")
        return target

    return load_adviser
