#!/bin/sh
# Installs Debian's Chromium for the browser tests when it is missing.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -eu
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Browser tests need Chromium at $CHROMIUM (apt-get not found)." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing Debian's chromium for the browser tests..."
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    chromium fonts-dejavu-core
