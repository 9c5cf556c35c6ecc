#!/usr/bin/env bash
# Installs the system packages opf's test suites use beyond Node.js, from Debian's archive:
# git (the GitOps engine), kubectl is expected on PATH where present (kustomize checks run
# only where it is), Prometheus and Alertmanager (telemetry and incident tests), Chromium
# (browser tests). Idempotent: installs only what is missing. Never downloads binaries
# from anywhere else. Run as root (or with sudo) on Debian/Ubuntu.
set -euo pipefail

need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  echo "system dependencies present: git, prometheus, prometheus-alertmanager, chromium"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${need[*]} — install them with your system's package manager" >&2
  exit 1
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing from Debian's packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
