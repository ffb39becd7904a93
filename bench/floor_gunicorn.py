"""gunicorn settings of the floor: named explicitly, so gunicorn does not read monoql's
gunicorn.conf.py from the working directory (the floor is not monoql and has no MONOQL_ENV)."""

worker_class = "sync"
