#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a unix socket, then removes it.
# initdb and postgres refuse to run as root, so as root the cluster belongs to `postgres`.
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found; run scripts/install-system-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/send-inspections-pg.XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') running on socket $dir"
export DATABASE_URL="postgresql://postgres@/send_inspections?host=$dir"
"$@"
