#!/usr/bin/env bash
# Makes sure the base images the build needs are in local storage and prints the build arguments
# that select them (PYTHON_IMAGE=…, NODE_IMAGE=…, one per line); `bases.sh --nginx IMAGE` does the
# same for the proxy sidecar's image and prints NGINX_IMAGE=….
#
# The official images are used when they are present or can be pulled. A machine that reaches no
# image registry gets stand-ins instead: minimal Debian bookworm trees made by mmdebstrap from the
# machine's own apt sources, imported with a PATH (an imported tarball has none, and the
# Dockerfile's `PATH=/opt/venv/bin:$PATH` would leave the runtime stage without /usr/sbin). A
# stand-in is rebuilt only when its recipe (package list and settings) changes.
set -euo pipefail
source "$(dirname "$0")/env.sh"

STANDIN_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The machine's Debian sources (deb822 or one-line); third-party sources stay out of the bases.
debian_sources() {
    local file
    for file in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
        if [ -s "$file" ] && grep -q 'debian' "$file"; then
            echo "$file"
            return
        fi
    done
    echo http://deb.debian.org/debian
}

# standin NAME "PACKAGES" [podman import --change …]: build localhost/monoql-standin/NAME unless an
# image of the same recipe is already there.
standin() {
    local name=$1 packages=$2
    shift 2
    local image=$STANDIN_REPO/$name:bookworm
    local recipe
    recipe=$(printf '%s\n' "$packages" "$STANDIN_PATH" "$@" | sha256sum | cut -c1-16)
    if image_exists "$image" && [ "$(image_label "$image" org.monoql.standin.recipe)" = "$recipe" ]; then
        echo "$image"
        return
    fi
    command -v mmdebstrap >/dev/null || die "no registry reachable and no mmdebstrap: apt-get install mmdebstrap"
    local sources tarball
    sources=$(debian_sources)
    tarball=$STATE_DIR/$name.tar
    log "building stand-in base $image ($packages) from $sources"
    # Recommends stay out (python3-pip would pull a compiler); docs, man pages and locales are
    # dropped as the slim images drop them; mmdebstrap removes the apt lists and caches itself.
    mmdebstrap --quiet --variant=minbase --format=tar \
        --aptopt='APT::Install-Recommends "false"' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --include="$packages" \
        bookworm "$tarball" "$sources" </dev/null >&2
    local changes=(--change "ENV PATH=$STANDIN_PATH" --change "LABEL org.monoql.standin.recipe=$recipe")
    local change
    for change in "$@"; do
        changes+=(--change "$change")
    done
    podman import --quiet "${changes[@]}" "$tarball" "$image" >/dev/null
    rm -f "$tarball"
    echo "$image"
}

# official IMAGE: true when the official image is here or could be pulled now.
official() {
    image_exists "$1" && return 0
    [ "$BASES" = standin ] && return 1
    if timeout 120 podman pull --quiet "$1" >/dev/null 2>&1; then
        return 0
    fi
    [ "$BASES" = official ] && die "cannot pull $1 (MONOQL_IMAGE_BASES=official)"
    return 1
}

pick() {
    local official_image=$1
    shift
    if official "$official_image"; then
        echo "$official_image"
    else
        standin "$@"
    fi
}

if [ "${1:-}" = --nginx ]; then
    # The proxy sidecar's image as the chart names it, or Debian's nginx (with auth_request, as the
    # chart's configuration needs), started the way the chart starts it.
    nginx=$(pick "${2:?--nginx IMAGE}" nginx "nginx" 'CMD ["nginx", "-g", "daemon off;"]' 'STOPSIGNAL SIGQUIT')
    echo "NGINX_IMAGE=$nginx"
    exit 0
fi
python=$(pick "$OFFICIAL_PYTHON" python "python3.11,python3-venv,python3-pip,python-is-python3,ca-certificates" \
    'CMD ["python3"]')
node=$(pick "$OFFICIAL_NODE" node "nodejs,npm,ca-certificates" 'CMD ["node"]')
echo "PYTHON_IMAGE=$python"
echo "NODE_IMAGE=$node"
