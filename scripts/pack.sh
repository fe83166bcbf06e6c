#!/usr/bin/env bash
# Build the four @banjian packages and pack them (pnpm pack: workspace versions filled in,
# publishConfig's dist exports applied) into a directory, ./tarballs by default.
# `pnpm pack:all` runs it; the consumer test packs with it too.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=$(mkdir -p "${1:-tarballs}" && cd "${1:-tarballs}" && pwd)
pnpm build
for p in core projections adapters cli; do
  pnpm --dir "packages/$p" pack --pack-destination "$dest" >/dev/null
done
ls "$dest"/banjian-*.tgz
