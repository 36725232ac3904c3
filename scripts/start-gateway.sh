#!/bin/sh
# Runs the bundled gateway (dist/gateway/main.js, from `npm run build`) as `npm start`, the Docker image and the
# benchmarks run it; arguments are passed to node before the entry. glibc malloc's settings, each kept when already
# set: two arenas, and freed memory above 128 KB at an arena's top given back (a fixed threshold: by default glibc
# raises it, up to 64 MB, once large blocks are freed). With the defaults, what a burst of agent-sized requests
# allocated stayed in the arenas for good (BENCHMARKS.md, 2026-12-06 19:41–21:15).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
exec node --enable-source-maps "$@" "$(dirname "$0")/../dist/gateway/main.js"
