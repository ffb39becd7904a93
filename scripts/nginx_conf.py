"""Render the chart's nginx configuration without Helm: for `make run`, the tests, the image test.

The chart fills the placeholders (upper-case names between at signs) of
charts/monoql/files/nginx/nginx.conf from its values; this fills them from the command line (standard
library only), so nginx runs with one configuration everywhere. Every placeholder must be given a
value and none may be left over.

    python scripts/nginx_conf.py --prefix DIR --listen 127.0.0.1:8080 --upstream 127.0.0.1:8081 \
        [--access-log FILE] [--timeout-marks FILE] [--max-body-bytes N] [--max-upload-bytes N] \
        [--header-timeout S] [--body-timeout S] [--user NAME] [--output FILE]

writes DIR/nginx.conf (or --output), creates DIR/temp, and prints the configuration's path; then
`nginx -e stderr -p DIR -c DIR/nginx.conf -g 'daemon off;'` serves in the foreground. Run as root,
it adds `user <caller>;` (or --user) so nginx's workers can write DIR and the logs.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "charts" / "monoql" / "files" / "nginx" / "nginx.conf"
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")

MIB = 1024 * 1024
# The gateway's defaults (monoql/config/limits.py): limits.maxBodyBytes, and
# uploads.maxFiles x uploads.maxFileSize plus 1 MiB for the multipart envelope.
DEFAULT_MAX_BODY_BYTES = MIB
DEFAULT_MAX_UPLOAD_BYTES = 5 * 100 * MIB + MIB
# The chart's defaults (values.yaml nginx.clientHeaderTimeoutSeconds, nginx.clientBodyTimeoutSeconds).
DEFAULT_HEADER_TIMEOUT = 10
DEFAULT_BODY_TIMEOUT = 10


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def render(values: Mapping[str, object], template: str | None = None) -> str:
    """The template with every placeholder replaced; a missing or unknown name is a ValueError."""
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    wanted = placeholders(text)
    missing = sorted(wanted - values.keys())
    unknown = sorted(values.keys() - wanted)
    if missing or unknown:
        raise ValueError(f"nginx.conf placeholders: missing {missing}, unknown {unknown}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def worker_user(name: str | None) -> str:
    """A `user` directive when this runs as root: nginx started by root would otherwise run its
    workers as `nobody`, who cannot write the prefix or the logs. Not root, the directive is
    ignored, so none is written (the chart's nginx never runs as root). The group is the user's
    own: nginx would look for a group of the user's name, which may not exist."""
    if name is None and os.geteuid() != 0:
        return ""
    account = pwd.getpwnam(name) if name else pwd.getpwuid(os.geteuid())
    return f"user {account.pw_name} {grp.getgrgid(account.pw_gid).gr_name};\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, type=Path, help="nginx's directory: config, pid, temp")
    parser.add_argument("--listen", required=True, help="address nginx listens on, e.g. 127.0.0.1:8080")
    parser.add_argument("--upstream", required=True, help="gunicorn's address, e.g. 127.0.0.1:8081")
    parser.add_argument("--access-log", type=Path, help="JSON access log (default PREFIX/access.log)")
    parser.add_argument("--timeout-marks", type=Path, help="timeout marks (default PREFIX/timeouts.marks)")
    parser.add_argument("--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES)
    parser.add_argument("--max-upload-bytes", type=int, default=DEFAULT_MAX_UPLOAD_BYTES)
    parser.add_argument("--header-timeout", type=int, default=DEFAULT_HEADER_TIMEOUT, help="seconds")
    parser.add_argument("--body-timeout", type=int, default=DEFAULT_BODY_TIMEOUT, help="seconds")
    parser.add_argument("--output", type=Path, help="where to write (default PREFIX/nginx.conf)")
    parser.add_argument("--user", help="user of nginx's workers when started as root (default: the caller)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    prefix: Path = args.prefix.resolve()
    temp = prefix / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    values = {
        "LISTEN": args.listen,
        "UPSTREAM": args.upstream,
        "PID_FILE": prefix / "nginx.pid",
        "TEMP_DIR": temp,
        "ACCESS_LOG": (args.access_log or prefix / "access.log").resolve(),
        "TIMEOUT_MARKS": (args.timeout_marks or prefix / "timeouts.marks").resolve(),
        "MAX_BODY_BYTES": args.max_body_bytes,
        "MAX_UPLOAD_BYTES": args.max_upload_bytes,
        "HEADER_TIMEOUT": args.header_timeout,
        "BODY_TIMEOUT": args.body_timeout,
    }
    output: Path = args.output or prefix / "nginx.conf"
    output.write_text(worker_user(args.user) + render(values), encoding="utf-8")
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
