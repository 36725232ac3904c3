#!/bin/sh
# Runs the bundled gateway (dist/gateway/main.js, from `npm run build`) as `npm start`, the Docker image and the
# benchmarks run it; arguments are passed to node before the entry. The memory settings (BENCHMARKS.md, 2026-12-06
# 20:10–21:00), each kept when already set:
# - glibc's malloc: two arenas; freed memory above 128 KB at an arena's top given back; allocations of 32 KB and more
#   (request bodies, socket reads) mapped on their own and so unmapped when freed. By default, what a burst of large
#   bodies allocated stayed in the arenas for good (190–220 MB after 10,000 agent-sized requests; 7–25 MB so).
# - the main thread's young generation capped (4 MB semi-spaces) as the services threads' are: by default it grows to
#   34 MB while the gateway starts and stays so.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-32768}"
exec node --enable-source-maps --max-semi-space-size=4 "$@" "$(dirname "$0")/../dist/gateway/main.js"
