"""The `monoql-sandbox` command: serve the stand-in backends, make the dev key pair, wait for readiness.

- `monoql-sandbox [--host H] [--port P] [--threads N] [--fault SERVICE:key=value,...]` serves them in one
  process with many threads (gunicorn gthread, one worker), seeded before the port opens.
- `monoql-sandbox keys` makes the development key pair when missing and prints its public half.
- `monoql-sandbox wait URL... [--timeout S]` returns once every URL answers 200 (what `make run` waits on).
"""

import argparse
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from monoql_sandbox.faults import FaultError, parse_fault_arg
from monoql_sandbox.keys import public_key_pem
from monoql_sandbox.ready import wait_until_ready

PROG = "monoql-sandbox"


class _Server(BaseApplication):
    """gunicorn configured in code: one gthread worker, no control socket, quiet logs."""

    def __init__(self, app, options: dict[str, Any]) -> None:
        self._app, self._options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        return self._app


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description="Stand-in backends for monoql (development only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SERVICE:key=value,...",
        help="fault injection at start-up, e.g. entries:latencyMs=20,errorRate=0.5",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["keys"]:
        sys.stdout.write(public_key_pem())
        return 0
    if args[:1] == ["wait"]:
        return _wait(args[1:])
    return _serve(parse_args(args))


def _wait(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"{PROG} wait", description="Wait until every URL answers 200.")
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--timeout", type=float, default=60.0)
    parsed = parser.parse_args(argv)
    failure = wait_until_ready(parsed.urls, parsed.timeout)
    if failure:
        print(f"{PROG}: {failure}", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    faults: dict[str, dict[str, Any]] = {}
    try:
        for text in args.fault:
            service, spec = parse_fault_arg(text)
            faults[service] = {**faults.get(service, {}), **spec}
    except FaultError as exc:
        print(f"{PROG}: invalid --fault: {exc}", file=sys.stderr)
        return 2
    from monoql_sandbox.app import create_sandbox_app

    public_key_pem()  # make the key pair before the port opens, so the first login never waits for it
    app = create_sandbox_app({"faults": faults})
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": args.threads,
        "timeout": 120,
        "keepalive": 5,
        "control_socket_disable": True,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": PROG,
    }
    _Server(app, options).run()
    return 0
