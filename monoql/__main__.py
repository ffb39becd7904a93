"""`python -m monoql …` runs the `monoql` command."""

from monoql.cli import main

raise SystemExit(main())
