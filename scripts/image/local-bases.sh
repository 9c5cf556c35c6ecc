#!/usr/bin/env bash
# Makes, from this machine alone, the base images the Containerfile's build arguments name,
# for a machine that reaches Debian's package archive but no container registry (opf's CI):
#
#   localhost/opf-node20:local  Debian bookworm (debootstrap minbase, with git and
#                               ca-certificates) plus this machine's Node.js 20 and npm;
#                               both NODE_BUILDER and NODE_RUNTIME
#   localhost/kubectl:local     this machine's kubectl (a static binary) at /bin/kubectl;
#                               KUBECTL_IMAGE
#
# An image already in podman's store is kept (debootstrap takes a minute and a half);
# --rebuild makes both again. Run as root (debootstrap). OPF_DEBIAN_MIRROR chooses the
# archive debootstrap reads (its own default otherwise).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/scripts/image/containers.conf}"

NODE_IMAGE=localhost/opf-node20:local
KUBECTL_IMAGE=localhost/kubectl:local
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

fail() {
  echo "local-bases: $*" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap makes a root filesystem)"
for tool in podman debootstrap node npm kubectl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (scripts/install-system-deps.sh --image)"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = "20" ] || fail "this machine's Node.js is $(node --version); the image is for Node.js 20"

work="$(mktemp -d "${TMPDIR:-/tmp}/opf-local-bases.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A root filesystem as a single-layer image; numeric owners, so root stays root.
import_rootfs() {
  local dir="$1" image="$2"
  shift 2
  tar --numeric-owner -C "$dir" -c . | podman import --quiet "$@" - "$image" >/dev/null
}

if $rebuild || ! podman image exists "$NODE_IMAGE"; then
  echo "local-bases: $NODE_IMAGE (debootstrap bookworm, then Node.js $(node --version) from this machine)"
  rootfs="$work/node20"
  # shellcheck disable=SC2086 # the mirror is optional: no argument means debootstrap's default
  debootstrap --variant=minbase --include=git,ca-certificates bookworm "$rootfs" \
    ${OPF_DEBIAN_MIRROR:-} >"$work/debootstrap.log" 2>&1 ||
    {
      tail -20 "$work/debootstrap.log" >&2
      fail "debootstrap failed"
    }
  # What an image needs no copy of: downloaded packages, package lists, docs, translations.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*
  # Node.js: the binary itself (it links only libc, libstdc++ and libgcc, all in minbase),
  # npm from the directory the host's `npm` resolves into.
  install -D -m 0755 "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
  npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
  [ -f "$npm_dir/bin/npm-cli.js" ] || fail "npm's directory not found beside $(command -v npm)"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The image trusts the certificate authorities this machine trusts (a machine behind a
  # TLS-inspecting proxy reaches the npm registry only so), and npm reads them from the
  # system bundle as it does here: Node.js alone knows only its built-in authorities.
  # These images stay on this machine; a published image is built on a registry's base.
  cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$rootfs/usr/local/etc"
  echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
  # The image must run what the Containerfile runs; find out here rather than in the build.
  chroot "$rootfs" /usr/local/bin/node --version >/dev/null || fail "node does not run in the bookworm root filesystem"
  chroot "$rootfs" /usr/local/bin/npm --version >/dev/null || fail "npm does not run in the bookworm root filesystem"
  chroot "$rootfs" git --version >/dev/null || fail "git does not run in the bookworm root filesystem"
  import_rootfs "$rootfs" "$NODE_IMAGE" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]'
fi

if $rebuild || ! podman image exists "$KUBECTL_IMAGE"; then
  echo "local-bases: $KUBECTL_IMAGE ($(command -v kubectl))"
  kubectl_bin="$(readlink -f "$(command -v kubectl)")"
  # Copied into an image with nothing else: it must not need a shared library.
  if ldd "$kubectl_bin" >/dev/null 2>&1; then fail "$kubectl_bin is not a static binary"; fi
  install -D -m 0755 "$kubectl_bin" "$work/kubectl/bin/kubectl"
  import_rootfs "$work/kubectl" "$KUBECTL_IMAGE" --change 'ENTRYPOINT ["/bin/kubectl"]'
fi

podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^localhost/(opf-node20|kubectl):local ' || true
