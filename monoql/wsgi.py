"""The WSGI entry point gunicorn loads (`monoql.wsgi:app`); the only module-level app."""

from monoql.app import create_app

app = create_app()
