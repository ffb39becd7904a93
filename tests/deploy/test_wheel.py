"""The monoql wheel carries the gateway only: no sandbox, no key file, no tests or benchmarks."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
# What a checkout holds besides the sources; the sandbox's generated key folder is copied on purpose,
# so the wheel is built from a tree that has a key pair in it.
NOT_SOURCES = (".git", ".venv", "node_modules", "build", "dist", "*.egg-info", "__pycache__", "*_cache", "logs")


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Names in the wheel `pip wheel --no-deps` builds from a copy of the working tree."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    (source / "sandbox" / "devkeys").mkdir(parents=True, exist_ok=True)
    (source / "sandbox" / "devkeys" / "private.pem").write_text("-----BEGIN PRIVATE KEY-----\n")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(folder / "dist"), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (folder / "dist").glob("monoql-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_wheel_holds_the_gateway(wheel_files: list[str]) -> None:
    for expected in ("monoql/wsgi.py", "monoql/cli.py", "monoql/config/prod.yaml", "monoql/web/templates/graphiql.html"):
        assert expected in wheel_files


def test_the_wheel_holds_no_sandbox_and_no_key(wheel_files: list[str]) -> None:
    assert [name for name in wheel_files if "sandbox" in name] == []
    assert [name for name in wheel_files if name.endswith((".pem", ".key"))] == []


def test_the_wheel_holds_only_the_monoql_package(wheel_files: list[str]) -> None:
    top_levels = {name.split("/")[0] for name in wheel_files}
    assert {level for level in top_levels if not level.endswith(".dist-info")} == {"monoql"}

