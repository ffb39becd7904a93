"""Run the sandbox in one process with many threads (gunicorn gthread, one worker)."""

import argparse
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from monoql.sandbox.faults import FaultError, parse_fault_arg


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
    parser = argparse.ArgumentParser(prog="monoql sandbox", description="Stand-in backends for monoql.")
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
    args = parse_args(sys.argv[1:] if argv is None else argv)
    faults: dict[str, dict[str, Any]] = {}
    try:
        for text in args.fault:
            service, spec = parse_fault_arg(text)
            faults[service] = {**faults.get(service, {}), **spec}
    except FaultError as exc:
        print(f"monoql sandbox: invalid --fault: {exc}", file=sys.stderr)
        return 2
    from monoql.sandbox.app import create_sandbox_app

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
        "proc_name": "monoql-sandbox",
    }
    _Server(app, options).run()
    return 0
