"""The repository explains itself: every document it points to exists, and so does every cited section.

Code comments cite the project's own documents (`docs/passwords.md` §2); the specification the
project is built from is not part of the repository, so nothing may send a reader to it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# `docs/passwords.md`, optionally followed by a section: `docs/passwords.md` §2 or docs/passwords.md §2.
CITATION = re.compile(r"docs/([a-z0-9-]+)\.md`?(?:\s*§\s*(\d+))?")
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
SPEC_FILES = re.compile(r"\b(behaviour|backends|seed-operations)\.md\b")


def tracked_files() -> list[Path]:
    """Every file git tracks (a fresh clone's content), read as text where it is text."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=60
    ).stdout.decode().split("\0")
    return [REPO / name for name in listed if name and (REPO / name).is_file()]


def text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None


def sections(document: Path) -> set[str]:
    """The numbers of a document's `## N. Title` headings."""
    return set(re.findall(r"^## (\d+)\. ", document.read_text(encoding="utf-8"), flags=re.MULTILINE))


def citations() -> list[tuple[str, str, str | None]]:
    found = []
    for path in tracked_files():
        text = text_of(path)
        if text is None:
            continue
        for match in CITATION.finditer(text):
            found.append((str(path.relative_to(REPO)), match.group(1), match.group(2)))
    return found


def test_the_citation_pattern_reads_sections() -> None:
    text = "see `docs/passwords.md` §2 and docs/errors.md §4, or docs/caller.md"
    assert [m.groups() for m in CITATION.finditer(text)] == [
        ("passwords", "2"), ("errors", "4"), ("caller", None)
    ]


def test_every_cited_document_and_section_exists() -> None:
    missing = []
    for source, name, section in citations():
        document = REPO / "docs" / f"{name}.md"
        if not document.is_file():
            missing.append(f"{source}: docs/{name}.md")
        elif section is not None and section not in sections(document):
            missing.append(f"{source}: docs/{name}.md §{section}")
    assert missing == []


def test_every_document_is_listed_in_the_index() -> None:
    index = (REPO / "docs" / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\]\(([a-z0-9-]+\.md)\)", index))
    present = {path.name for path in (REPO / "docs").glob("*.md")} - {"README.md"}
    assert listed == present


@pytest.mark.parametrize(
    "document",
    ["README.md", "docs/README.md", "charts/monoql/README.md", "bench/README.md", "sandbox/README.md"],
)
def test_relative_links_resolve(document: str) -> None:
    path = REPO / document
    targets = MARKDOWN_LINK.findall(path.read_text(encoding="utf-8"))
    broken = [t for t in targets if "://" not in t and not (path.parent / t).exists()]
    assert broken == []
