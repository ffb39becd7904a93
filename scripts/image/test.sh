#!/usr/bin/env bash
# `make image-test`: build the image if the context changed, then run it as the chart's pod and
# check it (scripts/image/pod_test.py). Prints one summary line; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

build_log=$STATE_DIR/build.log
if ! scripts/image/build.sh --if-needed >"$build_log" 2>&1; then
    echo "image-test: FAIL the image did not build (log: ${build_log#"$REPO_ROOT"/})"
    exit 1
fi
export MONOQL_IMAGE="$IMAGE" MONOQL_VERSION="$VERSION" MONOQL_IMAGE_STATE="$STATE_DIR"
exec "$REPO_ROOT/.venv/bin/python" "$REPO_ROOT/scripts/image/pod_test.py"
