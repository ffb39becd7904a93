"""`python -m monoql_sandbox …` runs the `monoql-sandbox` command."""

from monoql_sandbox.cli import main

raise SystemExit(main())
