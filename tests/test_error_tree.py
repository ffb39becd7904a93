"""Every error the gateway raises on purpose is a class of the one tree in `monoql/errors.py`."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GATEWAY = REPO / "monoql"

#: Exceptions that are not errors of the gateway, and why they live where they are used.
NOT_ERRORS = {
    # A JSON array body: raised inside graphql-server's reading of the request to hand the view its items.
    "monoql/web/graphql_view.py: BatchReceived",
    # graphql-server's HTTPException, the only thing its view lets through: it carries a MonoqlError.
    "monoql/web/refusals.py: Refused",
}


def exception_classes(source: str) -> list[str]:
    """Classes whose base is named like an exception (`…Exception`, `…Error`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases]
            if any(base.endswith(("Exception", "Error")) for base in bases):
                found.append(node.name)
    return found


def test_the_scan_sees_exception_classes() -> None:
    source = "class A(Exception): ...\nclass B(errors.MonoqlError): ...\nclass C(Base): ...\n"
    assert exception_classes(source) == ["A", "B"]


def test_every_error_class_is_in_the_error_module() -> None:
    outside = {
        f"{path.relative_to(REPO)}: {name}"
        for path in sorted(GATEWAY.rglob("*.py"))
        if path != GATEWAY / "errors.py"
        for name in exception_classes(path.read_text(encoding="utf-8"))
    }
    assert outside == NOT_ERRORS
    assert "LimitExceeded" in exception_classes((GATEWAY / "errors.py").read_text(encoding="utf-8"))
