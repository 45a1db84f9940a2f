#!/bin/sh
# Installs what the tests need from Debian when it is missing: Chromium for
# the browser tests, GNU gettext, with which a test checks that every
# string is translated, wrk for `make bench-pages`, and the Python
# documentation (python3-doc), the corpus of `make bench-relevance`.
# Idempotent: does nothing when all are there.
set -eu
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PACKAGES=""
if [ ! -x "$CHROMIUM" ]; then
    PACKAGES="chromium fonts-dejavu-core"
fi
if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgmerge >/dev/null 2>&1; then
    PACKAGES="$PACKAGES gettext"
fi
if ! command -v wrk >/dev/null 2>&1; then
    PACKAGES="$PACKAGES wrk"
fi
if [ ! -f /usr/share/doc/python3-doc/html/faq/programming.html ]; then
    PACKAGES="$PACKAGES python3-doc"
fi
if [ -z "$PACKAGES" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need these Debian packages: $PACKAGES (apt-get not found)." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing for the tests:$PACKAGES"
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $PACKAGES
