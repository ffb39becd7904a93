"""Run the sandbox server: ``python -m monoql.sandbox [--host H] [--port P] [--fault ...]``."""

from monoql.sandbox.cli import main

raise SystemExit(main())
