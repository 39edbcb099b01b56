#!/bin/sh
# pg-test.sh - a throw-away PostgreSQL cluster on loopback for tests.
#
#   scripts/pg-test.sh start DIR   initdb + start on a free port; prints
#                                  the base URL postgres://postgres@127.0.0.1:PORT
#   scripts/pg-test.sh stop DIR    stop it and remove DIR
#   scripts/pg-test.sh pause DIR   stop the server, keep the data
#   scripts/pg-test.sh resume DIR  start it again on the same port
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
	# Settings go to the configuration file, so that a later `resume`
	# starts the server the same way.
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
fsync = on
CONF
	as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 start >/dev/null"
	echo "postgres://postgres@127.0.0.1:$port"
	;;
pause)
	as_pg "$bin/pg_ctl -D '$dir/data' -m fast -w stop >/dev/null"
	;;
resume)
	as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 60 start >/dev/null"
	;;
stop)
	[ -d "$dir/data" ] && as_pg "$bin/pg_ctl -D '$dir/data' -m fast -w stop >/dev/null" || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test.sh start|stop|pause|resume DIR" >&2
	exit 2
	;;
esac
