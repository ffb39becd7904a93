#!/usr/bin/env bash
# Builds the Dockerfile as it ships and tags it with the package version (localhost/monoql:<version>).
#   build.sh              always build
#   build.sh --if-needed  build only when no image of the current build context is in storage
# The build runs on the host network (the stages reach PyPI and npm with the machine's CA bundle,
# mounted read-only), never pulls (bases.sh has put the bases in place) and keeps the docker
# format, which is the one that carries HEALTHCHECK. Superseded images are pruned afterwards so
# storage stays bounded.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

# Everything the Dockerfile can copy, hashed by content: the image is current when its label matches.
context_digest() {
    git ls-files -z --cached --others --exclude-standard -- \
        Dockerfile .dockerignore setup.cfg pyproject.toml README.md gunicorn.conf.py \
        package.json package-lock.json scripts/vendor-assets.js monoql \
        | sort -z | xargs -0 sha256sum 2>/dev/null | sha256sum | cut -c1-16
}

for tool in buildah podman; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install buildah podman runc (see .ci/run)"
done

digest=$(context_digest)
if [ "${1:-}" = --if-needed ] && image_exists "$IMAGE" \
    && [ "$(image_label "$IMAGE" org.monoql.context)" = "$digest" ]; then
    log "$IMAGE is current (context $digest)"
    exit 0
fi

build_args=()
while IFS= read -r arg; do
    build_args+=(--build-arg "$arg")
done < <("$REPO_ROOT/scripts/image/bases.sh")

ca_bundle=/etc/ssl/certs/ca-certificates.crt
volumes=()
[ -s "$ca_bundle" ] && volumes=(-v "$ca_bundle:$ca_bundle:ro")

log "building $IMAGE (${build_args[*]})"
started=$(date +%s)
buildah build --runtime runc --network host --pull=never --format docker \
    --force-rm --layers=false \
    "${volumes[@]}" "${build_args[@]}" \
    --label "org.opencontainers.image.version=$VERSION" \
    --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    --label "org.monoql.context=$digest" \
    --tag "$IMAGE" .
log "built $IMAGE in $(( $(date +%s) - started )) s"

# The previous build of the same tag is now dangling: drop it, with any other dangling layer.
podman image prune --force >/dev/null
