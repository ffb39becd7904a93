# monoql — `make run` and `make test` set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ASSETS := monoql/web/static/vendor/.stamp
# The sandbox's development key pair, made here at set-up (git-ignored, never in a wheel or image).
DEVKEYS := sandbox/devkeys/public.pem
# The benchmarks' Node.js peer, installed from its lock file.
PEER := bench/node-peer
PEER_MODULES := $(PEER)/node_modules/.package-lock.json
SANDBOX_PORT ?= 8090
# local.yaml points every backend at the sandbox's default port; `make run` names the port in use.
SANDBOX_URL := http://localhost:$(SANDBOX_PORT)
SANDBOX_SERVICES := MONOQL_SERVICES__USERS__URL=$(SANDBOX_URL)/users \
	MONOQL_SERVICES__CAMPAIGNS__URL=$(SANDBOX_URL)/campaigns MONOQL_SERVICES__ENTRIES__URL=$(SANDBOX_URL)/entries \
	MONOQL_SERVICES__CODES__URL=$(SANDBOX_URL)/codes MONOQL_SERVICES__UPLOADS__URL=$(SANDBOX_URL)/uploads \
	MONOQL_SERVICES__WAVES__URL=$(SANDBOX_URL)/waves MONOQL_SERVICES__EXPORTS__URL=$(SANDBOX_URL)/exports \
	MONOQL_PPC__URL=$(SANDBOX_URL)/ppc
# `make run` serves here; behind nginx (when installed), gunicorn listens on UPSTREAM_PORT and nginx
# on RUN_PORT, with nginx's files in NGINX_PREFIX.
RUN_PORT ?= 8080
GATEWAY := http://127.0.0.1:$(RUN_PORT)
UPSTREAM_PORT ?= 8081
NGINX_PREFIX := $(CURDIR)/.nginx
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup run sandbox test test-fast lint schema bench soak wrk chart-check image image-test clean

setup: $(STAMP) $(ASSETS) $(DEVKEYS)

# monoql and, for development and tests only, the sandbox (its own distribution in sandbox/).
$(STAMP): setup.cfg pyproject.toml sandbox/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[test,dev]' -e ./sandbox
	touch $@

$(DEVKEYS): $(STAMP)
	$(BIN)/monoql-sandbox keys >/dev/null

$(ASSETS): package.json package-lock.json scripts/vendor-assets.js
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent vendor
	touch $@

## Start the sandbox backends, then monoql on loopback (GraphiQL at http://127.0.0.1:8080/graphiql);
## "ready" once both answer. The gateway trusts the sandbox's development key, given here and nowhere else.
## With nginx on PATH it serves $(RUN_PORT) with the pod's configuration (scripts/nginx_conf.py) and
## gunicorn listens behind it on $(UPSTREAM_PORT); without nginx, gunicorn serves $(RUN_PORT) itself.
run: setup
	@mkdir -p logs
	@$(BIN)/monoql-sandbox --port $(SANDBOX_PORT) & SANDBOX=$$!; \
	trap 'kill $$SANDBOX $$GATEWAY $$PROXY 2>/dev/null' EXIT INT TERM; \
	$(BIN)/monoql-sandbox wait http://127.0.0.1:$(SANDBOX_PORT)/users/heartbeat || exit 1; \
	PORT=$(RUN_PORT); MARKS=; \
	if command -v nginx >/dev/null; then \
		PORT=$(UPSTREAM_PORT); MARKS=$(NGINX_PREFIX)/timeouts.marks; \
		CONF=$$($(BIN)/python scripts/nginx_conf.py --prefix $(NGINX_PREFIX) --listen 127.0.0.1:$(RUN_PORT) \
			--upstream 127.0.0.1:$(UPSTREAM_PORT) --access-log $(CURDIR)/logs/titan.log --timeout-marks $$MARKS) || exit 1; \
		nginx -e stderr -p $(NGINX_PREFIX) -c $$CONF -g 'daemon off;' & PROXY=$$!; \
	else \
		echo "nginx not found: gunicorn serves $(GATEWAY) itself, without the buffering proxy (apt-get install nginx)"; \
	fi; \
	MONOQL_ENV=local MONOQL_PORT=$$PORT MONOQL_PROXY__TIMEOUT_MARKS=$$MARKS $(SANDBOX_SERVICES) \
		MONOQL_JWT__PUBLIC_KEY="$$($(BIN)/monoql-sandbox keys)" \
		PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/.prometheus_multiproc WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} \
		$(BIN)/gunicorn -c gunicorn.conf.py monoql.wsgi:app & GATEWAY=$$!; \
	$(BIN)/monoql-sandbox wait http://127.0.0.1:$$PORT/heartbeat || exit 1; \
	$(BIN)/monoql-sandbox wait $(GATEWAY)/heartbeat || exit 1; \
	echo "monoql ready: $(GATEWAY)/graphql (GraphiQL $(GATEWAY)/graphiql), sandbox on port $(SANDBOX_PORT)"; \
	wait $$GATEWAY

## Only the sandbox backends, on port $(SANDBOX_PORT).
sandbox: setup
	$(BIN)/monoql-sandbox --port $(SANDBOX_PORT)

## Every test: unit, end-to-end (real gunicorn + sandbox), hardening, deployment checks.
test: setup
	$(BIN)/pytest -q -n 2 --dist loadfile

## Unit tests only (no end-to-end, hardening or deployment checks): the quick loop while changing code.
UNIT_TESTS := tests/config tests/web tests/schema tests/clients tests/sandbox tests/perf $(wildcard tests/test_*.py)
test-fast: setup
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not e2e and not deploy" $(UNIT_TESTS)

lint: setup
	$(BIN)/ruff check monoql sandbox tests bench scripts gunicorn.conf.py
	$(BIN)/mypy

## Build the image as localhost/monoql:<version> with buildah (official bases, or Debian-built
## stand-ins when no image registry is reachable).
image:
	scripts/image/build.sh

## Build the image if it is out of date, run it as the chart's pod under podman and check it.
image-test: setup
	@scripts/image/test.sh

## Print the served schema into schema.graphql.
schema: setup
	$(BIN)/monoql schema > schema.graphql

## Side-by-side benchmarks (not part of `make test`) with the Node.js peer; results in bench/results/.
## BENCH_ARGS=--quick for a few minutes.
bench: setup wrk $(PEER_MODULES)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The Node peer's dependencies, exactly as bench/node-peer/package-lock.json pins them.
$(PEER_MODULES): $(PEER)/package-lock.json $(PEER)/package.json
	cd $(PEER) && npm ci --no-audit --no-fund --ignore-scripts

## 10 minutes at saturation: worker memory must stay flat and nothing may fail.
soak: setup wrk
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

# The benchmarks' load generator (Debian package); installed when missing and we are root.
wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk; } \
		|| { echo "make bench needs wrk: apt-get install -y wrk" >&2; exit 1; }

clean:
	rm -rf $(VENV) node_modules $(PEER)/node_modules monoql/web/static/vendor .prometheus_multiproc .nginx .image .pytest_cache .mypy_cache .ruff_cache
