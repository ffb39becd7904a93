# Shared settings of the image scripts (sourced, not run): names, the package version, and the
# podman/buildah configuration this kind of machine needs.
#
# - runc, not crun: crun fails on hybrid (v1 + v2) cgroup hosts.
# - rlimits: podman's default nofile/nproc exceed what an unprivileged-by-limits host allows, and
#   the container then fails to start; cap nofile at the hard limit and nproc at 32768.
# - cgroupfs and file events: CI containers have no systemd to talk to.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_DIR=${MONOQL_IMAGE_STATE:-$REPO_ROOT/.image}
VERSION=$(sed -n 's/^version *= *//p' "$REPO_ROOT/setup.cfg" | head -n 1)
IMAGE=${MONOQL_IMAGE:-localhost/monoql:$VERSION}
# Stand-in bases are ours, never spelled like the official images they replace.
STANDIN_REPO=localhost/monoql-standin
OFFICIAL_PYTHON=docker.io/library/python:3.11-slim-bookworm
OFFICIAL_NODE=docker.io/library/node:22-bookworm-slim
# auto: official bases when present or pullable, else the Debian-built stand-ins; official; standin.
BASES=${MONOQL_IMAGE_BASES:-auto}

mkdir -p "$STATE_DIR"
nofile_hard=$(ulimit -Hn)
[ "$nofile_hard" = unlimited ] && nofile_hard=1048576
cat > "$STATE_DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=${nofile_hard}:${nofile_hard}", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$STATE_DIR/containers.conf"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

image_exists() { podman image exists "$1"; }
image_label() { podman image inspect --format "{{ index .Labels \"$2\" }}" "$1" 2>/dev/null || true; }
