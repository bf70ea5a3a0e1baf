#!/usr/bin/env bash
# Installs the command-line tools the tests use as outsiders would, beyond what npm brings:
# kcat (a librdkafka producer and consumer, Debian package `kcat`) and Chromium (Debian package
# `chromium`, driven headless by playwright-core in the integration map's page test). Safe to
# repeat: a tool that is already on the PATH is left alone. Run by `npm run setup` and by .ci/run.
set -euo pipefail

missing=()
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: kcat and chromium already installed ($(command -v kcat), $(command -v chromium))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing ${missing[*]}; install as root with:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${missing[*]} and there is no apt-get here; install it with your package manager" >&2
  exit 1
fi

echo "setup: installing ${missing[*]} with apt-get..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
