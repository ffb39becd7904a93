"""The sandbox's DEVELOPMENT-ONLY RS256 key pair: made on this machine, never committed, never shipped.

`make setup` runs `monoql-sandbox keys`, which writes `private.pem` and `public.pem` into the key folder
(`sandbox/devkeys/`, git-ignored; `MONOQL_SANDBOX_KEY_DIR` names another). Whoever needs the pair first
and finds none makes it, so a checkout without set-up still works. The sandbox signs its session JWTs
with the private half; `make run` and the tests give the gateway the public half
(`MONOQL_JWT__PUBLIC_KEY`). No configuration in the repository trusts it.
"""

from __future__ import annotations

import fcntl
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_DIR_VARIABLE = "MONOQL_SANDBOX_KEY_DIR"
# sandbox/devkeys beside this package in the checkout (the sandbox is installed editable, never as a wheel).
DEFAULT_KEY_DIR = Path(__file__).resolve().parent.parent / "devkeys"
PRIVATE_FILE, PUBLIC_FILE = "private.pem", "public.pem"


def key_dir() -> Path:
    """Where the pair lives: `MONOQL_SANDBOX_KEY_DIR`, else `sandbox/devkeys`."""
    return Path(os.environ.get(KEY_DIR_VARIABLE) or DEFAULT_KEY_DIR)


def ensure_key_pair(folder: Path | None = None) -> Path:
    """Make the pair in `folder` unless both halves are there; returns the folder.

    A lock file serialises parallel test workers, so the two halves always belong together.
    """
    folder = folder or key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ((folder / PRIVATE_FILE).is_file() and (folder / PUBLIC_FILE).is_file()):
            _write_pair(folder)
    return folder


def _write_pair(folder: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    _write(folder / PRIVATE_FILE, private, mode=0o600)
    _write(folder / PUBLIC_FILE, public, mode=0o644)


def _write(path: Path, content: bytes, *, mode: int) -> None:
    """Write through a temporary file and rename, so a reader never sees half a key."""
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.replace(temporary, path)


@cache
def private_key_pem() -> str:
    """The private half, which signs the sandbox's session JWTs."""
    return (ensure_key_pair() / PRIVATE_FILE).read_text(encoding="ascii")


@cache
def public_key_pem() -> str:
    """The public half, which the gateway is given to verify them."""
    return (ensure_key_pair() / PUBLIC_FILE).read_text(encoding="ascii")
