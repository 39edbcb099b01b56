#!/bin/sh
# lint.sh - the rules of the house (includes between features and layers),
# then clang-format, cppcheck and clang-tidy over our C sources.
# Exits non-zero on the first tool that finds something.
set -eu
cd "$(dirname "$0")/.."
FILES=$(git ls-files 'src/*.c' 'src/*.h' 'tools/*.c' 'tools/*.h' 'tests/unit/*.c' 'fuzz/*.c' 2>/dev/null)
[ -n "$FILES" ] || FILES=$(find src tools tests/unit fuzz -name '*.[ch]' 2>/dev/null)
CFILES=$(echo "$FILES" | grep '\.c$' | grep -v '^tests/\|^fuzz/')

echo "rules of the house (scripts/check-features.mjs)"
node scripts/check-features.mjs

echo "clang-format"
# shellcheck disable=SC2086
clang-format --dry-run --Werror $FILES

echo "cppcheck"
# shellcheck disable=SC2086
cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	--inline-suppr --suppress=missingIncludeSystem --suppress=unknownMacro \
	-D__GNUC__ -Isrc -Ibuild/release/gen $CFILES

echo "clang-tidy"
PKGS="libmicrohttpd sqlite3 libsodium libcmark jansson libcurl libpq vips poppler-glib"
FLAGS="-std=gnu11 -D_GNU_SOURCE -Isrc -Ibuild/release/gen $(pkg-config --cflags $PKGS)"
report=$(mktemp)
# shellcheck disable=SC2086
echo "$CFILES" | xargs -P "$(nproc)" -I{} clang-tidy --quiet {} -- $FLAGS >"$report" 2>/dev/null || true
if grep -E "(warning|error):" "$report"; then
	rm -f "$report"
	exit 1
fi
rm -f "$report"
echo "lint: clean"
