#!/bin/sh
# pg-test.sh - a throw-away PostgreSQL cluster on loopback for tests.
#
#   scripts/pg-test.sh start DIR   initdb + start on a free port; prints
#                                  the base URL postgres://postgres@127.0.0.1:PORT
#   scripts/pg-test.sh stop DIR    stop it and remove DIR
#
# As root, PostgreSQL refuses to run, so the server runs as the postgres
# user (created by Debian's package).  Authentication is "trust" on
# 127.0.0.1 only: the cluster lives for one test run.
set -eu
cmd=${1:?start or stop}
dir=${2:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg-test: PostgreSQL server not installed" >&2; exit 1; }

as_pg() {
	if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
	port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null \
		|| echo $((20000 + $$ % 20000)))
	as_pg "$bin/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
	as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 \
		-o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=on -c max_connections=200 -c shared_buffers=128MB\" start >/dev/null"
	echo "postgres://postgres@127.0.0.1:$port"
	;;
stop)
	[ -d "$dir/data" ] && as_pg "$bin/pg_ctl -D '$dir/data' -m fast -w stop >/dev/null" || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test.sh start|stop DIR" >&2
	exit 2
	;;
esac
