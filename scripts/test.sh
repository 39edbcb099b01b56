#!/bin/sh
# test.sh - every test of oic, as `make test` runs it.
#
#  1. build (release); start a throw-away PostgreSQL cluster;
#  2. the C unit tests (cmocka; store tests on both back ends);
#  3. lint: the rules of the house, clang-format, cppcheck, clang-tidy;
#     the checker's own tests (tests/tools);
#  4. HTTP tests against the real binary, once on SQLite, once on PostgreSQL;
#     the cluster tests (3 nodes behind nginx, a node killed, an outage);
#  5. browser tests in Debian's Chromium (playwright-core + axe-core);
#  6. the unit tests, fuzz targets and HTTP tests again, built with ASan +
#     UBSan (each HTTP file once, the back ends taking turns);
#  7. one closing line: "N passed, N failed".
#
# Output of each step goes to the console and to test-output/.
set -u
cd "$(dirname "$0")/.."
OUT=test-output
rm -rf "$OUT"
mkdir -p "$OUT"
JOBS=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
failures=""

note_fail() {
	failed=$((failed + ${2:-1}))
	failures="$failures\n  - $1"
}

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)".
run_unit() {
	variant=$1
	for t in build/$variant/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		log="$OUT/unit-$variant-$name.log"
		"$t" >"$log" 2>&1
		rc=$?
		cat "$log"
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {if (s) print s}')
		passed=$((passed + ${p:-0}))
		if [ "$rc" != 0 ] || [ -n "$f" ]; then
			note_fail "unit $variant $name (exit $rc)" "${f:-1}"
		fi
	done
}

# node --test with a TAP copy to count from, one file at a time: the
# files start servers and time out on a loaded machine if run side by side,
# and --test-concurrency is Node 20.10+ (Debian 12 ships Node 18).
run_node() {
	label=$1
	shift
	for file in "$@"; do
		tap="$OUT/$label-$(basename "$file" .test.mjs).tap"
		node --test --test-reporter=spec --test-reporter-destination=stdout \
			--test-reporter=tap --test-reporter-destination="$tap" "$file"
		rc=$?
		p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$tap" | tail -n 1)
		f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$tap" | tail -n 1)
		passed=$((passed + ${p:-0}))
		if [ "$rc" != 0 ] || [ "${f:-0}" != 0 ] || [ -z "$p" ]; then
			note_fail "$label $(basename "$file") (exit $rc)" "${f:-1}"
		fi
	done
}

step() { printf '\n==== %s ====\n' "$*"; }

step "build"
if ! make -j"$JOBS" all unit >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	note_fail "build"
	printf '\n%d passed, %d failed\n' "$passed" "$failed"
	exit 1
fi
BIN=$PWD/build/release/oic

step "PostgreSQL"
PGDIR=$(mktemp -d /tmp/oic-pg.XXXXXX)
cleanup() { scripts/pg-test.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
if PG_URL=$(scripts/pg-test.sh start "$PGDIR"); then
	echo "test cluster at $PG_URL"
else
	cat "$PGDIR/initdb.log" "$PGDIR/server.log" 2>/dev/null
	note_fail "PostgreSQL start"
	PG_URL=""
fi
export OIC_TEST_PG_URL="$PG_URL"

step "unit tests"
run_unit release

step "lint"
if scripts/lint.sh >"$OUT/lint.log" 2>&1; then
	passed=$((passed + 1))
	tail -n 3 "$OUT/lint.log"
else
	cat "$OUT/lint.log"
	note_fail "lint"
fi

step "tools: the rules of the house catch what they should"
run_node tools tests/tools/*.test.mjs

HTTP_TESTS=$(ls tests/http/*.test.mjs 2>/dev/null)
BROWSER_TESTS=$(ls tests/browser/*.test.mjs 2>/dev/null)

step "HTTP tests, SQLite"
OIC_BIN=$BIN OIC_TEST_BACKEND=sqlite run_node http-sqlite $HTTP_TESTS

if [ -n "$PG_URL" ]; then
	step "HTTP tests, PostgreSQL"
	OIC_BIN=$BIN OIC_TEST_BACKEND=postgres run_node http-postgres $HTTP_TESTS
fi

if [ -n "$PG_URL" ]; then
	step "cluster: PostgreSQL + 3 oic nodes + nginx; PostgreSQL outage"
	OIC_BIN=$BIN run_node cluster tests/cluster/*.test.mjs
fi

step "browser tests (Chromium)"
OIC_BIN=$BIN OIC_TEST_BACKEND=sqlite OIC_TEST_OUTPUT=$PWD/$OUT run_node browser $BROWSER_TESTS

step "ASan + UBSan build"
if make -j"$JOBS" VARIANT=asan all unit >"$OUT/build-asan.log" 2>&1; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
	step "unit tests, ASan"
	run_unit asan
	step "fuzz targets, ASan (corpus replay + random inputs)"
	for f in build/asan/fuzz/fuzz_*; do
		n=$(basename "$f")
		if "$f" -seconds "${FUZZ_SECONDS:-5}" "fuzz/corpus/${n#fuzz_}"; then
			passed=$((passed + 1))
		else
			note_fail "fuzz $n"
		fi
	done
	# Each HTTP file once under the sanitizers, the back ends taking
	# turns file by file (both stores' C code runs instrumented; every file
	# already ran on both back ends above).  Four full passes took a
	# quarter of make test's time on 2 cores for little that two do not
	# catch.  OIC_TEST_ASAN_BOTH=1 runs every file on both back ends.
	asan_sqlite=""
	asan_postgres=""
	i=0
	for file in $HTTP_TESTS; do
		if [ -n "$PG_URL" ] && { [ $((i % 2)) = 1 ] || [ -n "${OIC_TEST_ASAN_BOTH:-}" ]; }; then
			asan_postgres="$asan_postgres $file"
		fi
		if [ -z "$PG_URL" ] || [ $((i % 2)) = 0 ] || [ -n "${OIC_TEST_ASAN_BOTH:-}" ]; then
			asan_sqlite="$asan_sqlite $file"
		fi
		i=$((i + 1))
	done
	step "HTTP tests, SQLite, ASan"
	OIC_BIN=$PWD/build/asan/oic OIC_TEST_BACKEND=sqlite OIC_TEST_SANITIZER=1 run_node http-asan-sqlite $asan_sqlite
	if [ -n "$asan_postgres" ]; then
		step "HTTP tests, PostgreSQL, ASan"
		OIC_BIN=$PWD/build/asan/oic OIC_TEST_BACKEND=postgres OIC_TEST_SANITIZER=1 run_node http-asan-postgres $asan_postgres
	fi
else
	cat "$OUT/build-asan.log"
	note_fail "ASan build"
fi

step "summary"
if [ "$failed" != 0 ]; then
	printf "failed:$failures\n"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
