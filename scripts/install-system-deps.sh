#!/usr/bin/env bash
# Installs the system packages opf's test suites use beyond Node.js, from Debian's archive:
# git (the GitOps engine), kubectl is expected on PATH where present (kustomize checks run
# only where it is), Prometheus and Alertmanager (telemetry and incident tests), Chromium
# (browser tests). Idempotent: installs only what is missing. Never downloads binaries
# from anywhere else. Run as root (or with sudo) on Debian/Ubuntu.
#
# --if-possible (what `npm test` runs first, its `pretest` script): install only where that
# needs no question — as root, or with sudo that asks no password — and never fail; where it
# cannot, stay quiet: the test run's first line then names the suites it skips and this
# script. OPF_NO_SYSTEM_INSTALL=1 turns that step off.
#
# --image: also what `npm run test:image` needs to build and run the container image
# (docs/deploy.md): podman, runc (scripts/image/containers.conf says why not crun) and
# debootstrap (the local base image).
set -euo pipefail

if_possible=false
image=false
for arg in "$@"; do
  case "$arg" in
  --if-possible) if_possible=true ;;
  --image) image=true ;;
  *)
    echo "usage: $0 [--if-possible] [--image]" >&2
    exit 2
    ;;
  esac
done
if $if_possible && [ "${OPF_NO_SYSTEM_INSTALL:-}" = "1" ]; then exit 0; fi

need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if $image; then
  command -v podman >/dev/null 2>&1 || need+=(podman)
  command -v runc >/dev/null 2>&1 || need+=(runc)
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
fi

if [ ${#need[@]} -eq 0 ]; then
  $if_possible || echo "system dependencies present: git, prometheus, prometheus-alertmanager, chromium$($image && echo ", podman, runc, debootstrap")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  $if_possible && exit 0
  echo "missing: ${need[*]} — install them with your system's package manager" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  # Unattended, sudo must not ask for a password.
  if $if_possible && ! sudo -n true >/dev/null 2>&1; then exit 0; fi
  SUDO="sudo"
fi
echo "installing from Debian's packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another install (a second test run, unattended upgrades) may hold dpkg's lock: wait for it.
wait_for_lock=(-o DPkg::Lock::Timeout=600)
if ! { $SUDO apt-get "${wait_for_lock[@]}" update -qq &&
  $SUDO apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
  echo "could not install ${need[*]} (apt-get failed)" >&2
  $if_possible && exit 0
  exit 1
fi
echo "installed: ${need[*]}"
