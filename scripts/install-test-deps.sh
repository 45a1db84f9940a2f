#!/bin/sh
# Installs what the tests need when it is missing: from Debian, Chromium for
# the browser tests, GNU gettext, with which a test checks that every
# string is translated, wrk for `make bench-pages`, the Python documentation
# (python3-doc), the corpus of `make bench-relevance`, and a Java runtime for
# the Nu Html Checker; the checker itself (vnu.jar) from npm, pinned by
# scripts/vnu/package-lock.json. Idempotent: does nothing when all are
# there.
set -eu
VNU_DIR=$(dirname "$0")/vnu
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
if ! command -v java >/dev/null 2>&1; then
    PACKAGES="$PACKAGES default-jre-headless"
fi
if ! command -v npm >/dev/null 2>&1; then
    PACKAGES="$PACKAGES npm"
fi
install_vnu() {
    if [ ! -f "$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
        # No install script: it would download a Java runtime of its own.
        (cd "$VNU_DIR" && npm ci --ignore-scripts --no-audit --no-fund --silent)
    fi
}
if [ ! -f /usr/share/doc/python3-doc/html/faq/programming.html ]; then
    PACKAGES="$PACKAGES python3-doc"
fi
if [ -z "$PACKAGES" ]; then
    install_vnu
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
install_vnu
