"""Sandbox: stateful in-memory stand-ins for the seven HTTP backends of monoql, for development and tests.

A distribution of its own (`monoql-sandbox`), never part of the `monoql` wheel or image.
Entry points: ``monoql_sandbox.app:create_sandbox_app`` and ``monoql_sandbox.cli:main``.
"""
