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
# The specification's files and folder, named bare or by a relative path: `docs/backends.md` is the
# project's own document and does not match; a bare `backends.md` outside docs/ is the specification's.
SPEC_FOLDER = r"\.\./shared\b|\bshared/spec\b"
SPEC_CITATION = re.compile(
    r"(?<![\w.-])(?<!docs/)(?:behaviour|backends|seed-operations)\.md\b|" + SPEC_FOLDER, re.IGNORECASE
)
# Inside docs/ the documents link each other by bare name (backends.md is one of them).
SPEC_CITATION_IN_DOCS = re.compile(r"\b(?:behaviour|seed-operations)\.md\b|" + SPEC_FOLDER, re.IGNORECASE)


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


def test_the_specification_pattern_tells_the_project_docs_from_the_specification() -> None:
    cited = "as backends.md §3 says; see ../shared/spec/behaviour.md; seed-operations.md"
    assert [m.group(0) for m in SPEC_CITATION.finditer(cited)] == [
        "backends.md", "../shared", "behaviour.md", "seed-operations.md"
    ]
    assert SPEC_CITATION.search("see docs/backends.md §3 and `docs/errors.md`") is None
    assert SPEC_CITATION.search("spec/backends.md") is not None
    assert SPEC_CITATION.search("as Behaviour.md 9 says") is not None


def test_nothing_cites_the_specification() -> None:
    """A clone holds no specification: code, tests, scripts and charts cite docs/ instead."""
    this_file = Path(__file__).resolve()
    offences = []
    for path in tracked_files():
        text = text_of(path)
        if text is None or path.resolve() == this_file:
            continue
        in_docs = REPO / "docs" in path.parents
        pattern = SPEC_CITATION_IN_DOCS if in_docs else SPEC_CITATION
        offences += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert len(tracked_files()) > 300
    assert offences == []


def test_the_readme_links_the_docs_index() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](docs/README.md)" in readme
