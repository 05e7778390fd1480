#!/usr/bin/env bash
# The end-to-end tests drive Debian's headless Chromium; install it when it is missing.
set -euo pipefail
PACKAGES=""
command -v chromium >/dev/null 2>&1 || PACKAGES="chromium"
# A CJK font, so that screenshots show Chinese text instead of empty boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || PACKAGES="$PACKAGES fonts-wqy-microhei"
if [ -z "$PACKAGES" ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "$PACKAGES missing and cannot be installed without root: apt-get install $PACKAGES" >&2; exit 1
fi
echo "installing Debian's$PACKAGES for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $PACKAGES >/dev/null
