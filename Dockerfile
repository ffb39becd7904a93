# syntax=docker/dockerfile:1.7
# monoql image: wheels are built in the first stage, the GraphiQL browser assets in the second,
# and the runtime stage installs both without compilers, npm or network access.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:22-bookworm-slim

# --- 1. wheels: the package and every pinned dependency -----------------------------------------
FROM ${PYTHON_IMAGE} AS wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY setup.cfg pyproject.toml README.md ./
COPY monoql/ monoql/
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# --- 2. assets: GraphiQL and its peers from package-lock.json ------------------------------------
FROM ${NODE_IMAGE} AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/vendor-assets.js scripts/
RUN npm ci --no-audit --no-fund && npm run vendor

# --- 3. runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG UID=10001
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    PROMETHEUS_MULTIPROC_DIR=/run/monoql/metrics

# Fixed ids so the chart's runAsUser/fsGroup match the owner of /logs and the metrics directory.
# /app/logs is the /logs volume: an environment that logs to ./logs (local) writes there too, the
# only log directory a read-only root filesystem leaves writable.
RUN groupadd --system --gid ${UID} monoql \
    && useradd --system --uid ${UID} --gid ${UID} --no-create-home --home-dir /app \
       --shell /usr/sbin/nologin monoql \
    && mkdir -p /app /logs /run/monoql/metrics \
    && ln -s /logs /app/logs \
    && chown monoql:monoql /logs /run/monoql/metrics

# Install from the wheels stage only: the runtime never reaches a package index.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --no-index --find-links=/wheels monoql

# Static files are placed next to the installed package, where the GraphiQL page serves them from,
# whether or not the wheel's package data lists them; the vendor folder is git-ignored and built above.
ARG SITE=/opt/venv/lib/python3.11/site-packages
COPY monoql/web/static/ ${SITE}/monoql/web/static/
COPY --from=assets /src/monoql/web/static/vendor/ ${SITE}/monoql/web/static/vendor/

WORKDIR /app
COPY gunicorn.conf.py ./

USER ${UID}:${UID}
# The only paths the gateway writes, as the chart mounts them (the log file, the metrics directory,
# spooled uploads): `docker run --read-only` or `podman run --read-only` gets a writable volume at
# each, owned as above, and nothing else is writable.
VOLUME ["/logs", "/run/monoql/metrics", "/tmp"]
EXPOSE 8080
# Kubernetes uses its own probes; this serves `docker run`, podman and compose. It probes the port
# the configuration sets (MONOQL_PORT, the mounted file), not a fixed one; Python rather than curl
# because the slim base has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "monoql.healthcheck"]

CMD ["gunicorn", "--config", "gunicorn.conf.py", "monoql.wsgi:app"]
