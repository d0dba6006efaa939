#!/usr/bin/env bash
# Measures a cluster on this machine: starts MEMBERS `serve --cluster-name` processes over an
# embedded PostgreSQL, runs `./ridgeline bench` against the first member (any member takes any
# call), then prints each member's heap after a full GC with the gallery filled:
# `RESULT operation=cluster-heap members=... subjects=... member_heap_max_mb=... member_heap_min_mb=...`
# after the bench's own RESULT line. A cluster's cold start is timed by
# `./ridgeline restart --members N` (benchmarks/README.md, "Restart").
#
# Usage: benchmarks/cluster-bench.sh MEMBERS GALLERY [BENCH OPTIONS...]
#   e.g. benchmarks/cluster-bench.sh 2 3000 --modality face --probe template --operation identify --duration 10
# Ports: members on PORT_BASE+1.. (Hazelcast), PORT_BASE+101.. (gRPC), PORT_BASE+201.. (metrics);
# PORT_BASE defaults to 15700.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/.ci/java-env.sh"
members="${1:?MEMBERS}"; gallery="${2:?GALLERY}"; shift 2
base="${PORT_BASE:-15700}"
work="$(mktemp -d -t ridgeline-cluster-bench.XXXXXX)"
export RIDGELINE_STORE_KEY="bench=$(head -c 32 /dev/urandom | base64)"
list="$(for i in $(seq 1 "$members"); do printf '127.0.0.1:%d,' $((base + i)); done)"; list="${list%,}"
pids=()

start_members() {
  pids=()
  for i in $(seq 1 "$members"); do
    "$here/ridgeline" serve --cluster-name "bench-$base" --members "$list" --member-port $((base + i)) \
      --postgres "embedded:$work/postgres" --port $((base + 100 + i)) --metrics-port $((base + 200 + i)) \
      --data-dir "$work/member$i" > "$work/member$i.log" 2>&1 &
    pids+=($!)
  done
  for i in $(seq 1 "$members"); do
    until grep -q "listening on" "$work/member$i.log"; do
      kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { echo "member $i exited:" >&2; tail -5 "$work/member$i.log" >&2; exit 1; }
      sleep 0.2
    done
  done
}

# Each member's heap in use right after a full GC (jcmd GC.run, then its JVM memory metric), in MB, one a line.
member_heaps() {
  for i in $(seq 1 "$members"); do
    "$JAVA_HOME/bin/jcmd" "${pids[$((i - 1))]}" GC.run >/dev/null
    curl -s "http://127.0.0.1:$((base + 200 + i))/metrics" \
      | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%d\n", sum / 1e6 }'
  done
}

# Subjects the cluster's galleries hold, as `cluster status` counts them across members.
subjects_in_all() {
  local status
  status="$("$here/ridgeline" cluster status --target "127.0.0.1:$((base + 101))" 2>/dev/null | grep 'subjects in all' || true)"
  echo "${status##* }"
}

stop_members() {
  [ ${#pids[@]} -eq 0 ] && return
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

cleanup() {
  stop_members
  "$here/ridgeline" cluster postgres-stop --postgres "embedded:$work/postgres" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/ridgeline" --version >/dev/null 2>&1 || true   # builds the jars once, before the members race to
start_members
"$here/ridgeline" bench --gallery "$gallery" --target "127.0.0.1:$((base + 101))" \
  --metrics "http://127.0.0.1:$((base + 201))/metrics" --report "$work/report" "$@" | tail -1
heaps="$(member_heaps)"
echo "heap after a full GC, member by member (MB): $(echo $heaps)"
echo "RESULT operation=cluster-heap members=$members subjects=$(subjects_in_all)" \
  "member_heap_max_mb=$(sort -n <<< "$heaps" | tail -1) member_heap_min_mb=$(sort -n <<< "$heaps" | head -1)"
