"""A module constant is written once: the understanding side holds many word sets, and a second
`BORN = ...` further down a module silently replaced the birth-year words with a child's birth
(found by the residents, not by ruff, which does not flag a reassigned module name)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted([*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("actions").rglob("*.py")])


def constants_bound_twice(source: str) -> list[str]:
    names: Counter[str] = Counter()
    for node in ast.parse(source).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                names[target.id] += 1
    return sorted(name for name, n in names.items() if n > 1)


def test_the_check_sees_a_constant_bound_twice() -> None:
    assert constants_bound_twice("BORN = {'born'}\nX = 1\nBORN = {'child'}\n") == ["BORN"]
    assert constants_bound_twice("BORN = {'born'}\nCHILD_BORN = {'child'}\n") == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_constant_is_bound_twice(path: Path) -> None:
    assert constants_bound_twice(path.read_text()) == [], f"{path.relative_to(ROOT)}: a constant bound twice"
