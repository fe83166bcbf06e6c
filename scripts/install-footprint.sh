#!/usr/bin/env bash
# Install time and node_modules size of two consumers of packed banjian tarballs, with plain npm and
# an empty npm cache each (what a hall's first install costs): a SQLite consumer (core, projections,
# adapters, better-sqlite3) and a PostgreSQL-only one (core, projections, adapters, pg).
# Usage: scripts/install-footprint.sh <directory of .tgz files> → one JSON line per consumer.
set -euo pipefail
tarballs=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/banjian-footprint.XXXXXX)
trap 'rm -rf "$work"' EXIT
tgz() { ls "$tarballs"/banjian-"$1"-*.tgz; }
measure() {
  local name=$1; shift
  mkdir -p "$work/$name" && cd "$work/$name"
  npm init -y >/dev/null
  local start end
  start=$(date +%s.%N)
  npm install --no-audit --no-fund --loglevel=error --cache "$work/cache-$name" "$@" >/dev/null
  end=$(date +%s.%N)
  printf '{"name":"install.%s","seconds":%.1f,"node_modules":"%s","packages":%s}\n' "$name" "$(echo "$end - $start" | bc)" \
    "$(du -sh node_modules | cut -f1)" "$(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l)"
  cd "$work"
}
measure sqlite "$(tgz core)" "$(tgz projections)" "$(tgz adapters)" better-sqlite3
measure postgres "$(tgz core)" "$(tgz projections)" "$(tgz adapters)" pg
