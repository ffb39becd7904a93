"""Sandbox: stateful in-memory stand-ins for the seven HTTP backends of monoql (backends.md section 10).

Entry points: ``monoql.sandbox.app:create_sandbox_app`` and ``monoql.sandbox.cli:main``.
"""
