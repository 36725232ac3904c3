#!/bin/sh
# Runs the bundled gateway (dist/gateway/main.js, from `npm run build`) as `npm start`, the Docker image and the
# benchmarks run it; arguments are passed to node before the entry. glibc malloc's settings, each kept when already
# set: two arenas; freed memory above 128 KB at an arena's top given back; allocations of 32 KB and more (request
# bodies, socket reads) mapped on their own, and so unmapped when freed. With the defaults, what a burst of
# agent-sized requests allocated stayed in the arenas for good: 140–220 MB after 10,000 of them, 7–25 MB with these
# (BENCHMARKS.md, 2026-12-06 19:41–21:10).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-32768}"
exec node --enable-source-maps "$@" "$(dirname "$0")/../dist/gateway/main.js"
