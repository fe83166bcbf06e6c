#!/usr/bin/env bash
# The consumer test (`pnpm release:check`, and a step of .ci/run): build, `pnpm pack` every
# package, lint the tarballs (publint, @arethetypeswrong/cli), install them with plain npm into
# fresh projects outside the workspace, and there run what a hall developer would:
#   (a) an ES module and (b) a CommonJS script: a case from submission to evaluation on `sqlite:`,
#       its report, trail, a two-thread rebuild and the log's verification (worker threads from dist);
#   (c) a TypeScript consumer type-checked under strict, moduleResolution node16 and bundler;
#   (d) the installed `banjian` bin: demo --cases 300, report, verify, due;
#   (e) a PostgreSQL-only project (no better-sqlite3) running a case on the local server.
# Each step prints one "consumer: …" line; a failing step prints its output and stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# BANJIAN_CONSUMER_WORK keeps the projects in that directory between runs (npm then reuses the
# better-sqlite3 it built); by default a temporary directory, removed at the end.
if [ -n "${BANJIAN_CONSUMER_WORK:-}" ]; then
  work=$BANJIAN_CONSUMER_WORK
  rm -rf "$work/tarballs" "$work/lint"
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/banjian-consumer.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
log="$work/step.log"
step() {
  local what=$1; shift
  local started=$SECONDS
  if "$@" >"$log" 2>&1; then
    echo "consumer: $what: ok ($((SECONDS - started)) s)"
  else
    echo "consumer: $what: FAILED" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}
npm_install() { npm install --no-audit --no-fund --loglevel=error "$@"; }

step "build and pack the four packages (scripts/pack.sh)" bash scripts/pack.sh "$work/tarballs"
tgz() { ls "$work/tarballs"/banjian-"$1"-*.tgz; }

contents() {
  for p in core projections adapters cli; do tar -tzf "$(tgz "$p")"; done >"$work/contents.txt"
  if grep -E '\.test\.|\.fixture\.|test-support|/src/' "$work/contents.txt"; then echo "test or source files in a tarball"; return 1; fi
  # Every module a worker thread loads by URL, and the holiday data with its licence.
  for f in dist/integrity/verify-worker.js dist/integrity/verify-range-worker.js dist/runner/rebuild-worker.js \
    dist/cases/projection.js dist/sqlite/raw-range.js dist/sqlite/event-range.js dist/calendar/data/2026.js \
    dist/calendar/data/LICENSE dist/bin.js; do
    grep -qx "package/$f" "$work/contents.txt" || { echo "missing from the tarballs: $f"; return 1; }
  done
}
step "tarballs hold dist, workers and the calendar data (no tests, no sources)" contents

lint() {
  local dir="$work/lint/$1"
  mkdir -p "$dir" && tar -xzf "$(tgz "$1")" -C "$dir"
  "$root/node_modules/.bin/publint" "$dir/package" --strict
  # ESM only, required from CommonJS through require(esm): attw does not model require(esm) yet
  # (arethetypeswrong issue 252), so its CommonJS-from-node16 row is left out, every other check holds.
  "$root/node_modules/.bin/attw" "$(tgz "$1")" --profile esm-only --format table-flipped
}
for p in core projections adapters cli; do step "publint and attw @banjian/$p" lint "$p"; done

# A SQLite hall: the four packages (the CLI brings better-sqlite3), TypeScript for (c).
app="$work/sqlite-app"
mkdir -p "$app" && cp scripts/consumer/* "$app/"
cd "$app"
[ -f package.json ] || { npm init -y >/dev/null && npm pkg set type=module >/dev/null; }
step "npm install the tarballs into a fresh SQLite project" npm_install "$(tgz core)" "$(tgz projections)" "$(tgz adapters)" "$(tgz cli)" \
  fp-ts typescript@~5.9.3 @types/node@^20.19.0
step "(a) ESM: a case on sqlite:, report, trail, rebuild, verify" node esm.mjs "$app/esm.db"
step "(b) CommonJS: the same through require()" node cjs.cjs "$app/cjs.db"
step "(c) TypeScript strict, moduleResolution node16" npx tsc -p tsconfig.node16.json
step "(c) TypeScript strict, moduleResolution bundler" npx tsc -p tsconfig.bundler.json
step "(d) banjian demo --cases 300" npx banjian demo --cases 300 --store sqlite:./demo.db --dashboard "$app/dashboard.html"
step "(d) banjian report" npx banjian report --from 2025-01-01 --to 2026-01-01 --store sqlite:./demo.db
# Exit 0 intact and anchored, 3 intact but under no signed checkpoint (the demo signs none), 1 damaged.
verify_intact() { local rc=0; npx banjian verify --store sqlite:./demo.db >verify.txt || rc=$?; cat verify.txt; [ "$rc" = 0 ] || [ "$rc" = 3 ] && grep -q '^intact' verify.txt; }
step "(d) banjian verify" verify_intact
step "(d) banjian due" npx banjian due --start 2025-09-29T09:30:00+08:00 --limit 5wd
cd "$root"

# A PostgreSQL-only hall: no better-sqlite3, so no native build.
app="$work/postgres-app"
mkdir -p "$app" && cp scripts/consumer/* "$app/"
cd "$app"
[ -f package.json ] || { npm init -y >/dev/null && npm pkg set type=module >/dev/null; }
step "npm install the tarballs into a fresh PostgreSQL-only project" npm_install "$(tgz core)" "$(tgz projections)" "$(tgz adapters)" pg
no_sqlite() { if [ -e node_modules/better-sqlite3 ]; then echo "better-sqlite3 was installed"; return 1; fi; }
step "(e) no better-sqlite3 installed" no_sqlite
step "(e) PostgreSQL: a case on the local server, its own schema dropped after" node postgres.mjs
cd "$root"
echo "consumer: all steps passed"
