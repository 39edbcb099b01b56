#!/bin/sh
# deps.sh - install what oic needs to build, run and test, on Debian 12.
#
# Idempotent and quick when everything is there: it asks dpkg which
# packages are missing and calls apt-get only for those; `npm ci` runs
# only when package-lock.json changed since the last install.
# Run as root (or with sudo available).
set -eu
cd "$(dirname "$0")/.."

# Build: compiler, pkg-config and the libraries (headers).
BUILD="gcc make pkg-config git libmicrohttpd-dev libsqlite3-dev libsodium-dev \
libcmark-dev libjansson-dev libstemmer-dev libcurl4-openssl-dev libpq-dev \
libvips-dev libpoppler-glib-dev"
# Tests: unit test framework, PostgreSQL server, nginx, Chromium, tools
# (valgrind: make bench counts instructions per request with callgrind).
TEST="libcmocka-dev sqlite3 postgresql nginx chromium curl wrk \
clang-format clang-tidy cppcheck valgrind"

want="$BUILD"
[ "${1:-}" = "--build-only" ] || want="$BUILD $TEST"

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

# Node.js >= 18 with npm for the browser tests and for the front-end
# libraries the build embeds (Debian's packages are 18).
need_node=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
	[ "$major" -ge 18 ] || need_node=1
else
	need_node=1
fi
[ "$need_node" = 1 ] && missing="$missing nodejs npm"

if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

stamp=node_modules/.oic-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	cp package-lock.json "$stamp"
fi
