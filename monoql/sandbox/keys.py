"""The sandbox's DEVELOPMENT-ONLY RS256 key pair (see devkeys/README.md)."""

from pathlib import Path

_DIR = Path(__file__).resolve().parent / "devkeys"

PRIVATE_KEY_PEM: str = (_DIR / "private.pem").read_text(encoding="ascii")
PUBLIC_KEY_PEM: str = (_DIR / "public.pem").read_text(encoding="ascii")
