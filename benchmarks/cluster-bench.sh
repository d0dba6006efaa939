#!/usr/bin/env bash
# Measures a cluster on this machine: starts MEMBERS `serve --cluster-name` processes over an
# embedded PostgreSQL, runs `./ridgeline bench` against the first member (any member takes any
# call), then stops every member and times the cluster's cold start over the same PostgreSQL
# (every member listening, then every subject back in the members' galleries): the cluster's
# counterpart of `./ridgeline restart`, which times one node's RocksDB store in process. Prints
# the bench's RESULT line, then
# `RESULT operation=cluster-cold-start ...` with each member's heap after a full GC once the bench
# had filled the gallery (`member_heap_mb`, member 1 first).
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

# Each member's heap in use right after a full GC (jcmd GC.run, then its JVM memory metric), in MB.
member_heaps() {
  local heaps=()
  for i in $(seq 1 "$members"); do
    "$JAVA_HOME/bin/jcmd" "${pids[$((i - 1))]}" GC.run >/dev/null
    heaps+=("$(curl -s "http://127.0.0.1:$((base + 200 + i))/metrics" \
      | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%d", sum / 1e6 }')")
  done
  (IFS=,; echo "${heaps[*]}")
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
subjects="$(subjects_in_all)"
stop_members
started=$(date +%s%N)
start_members
listening=$(( ($(date +%s%N) - started) / 1000000 ))
# Members listen before their galleries are loaded: the cold start ends when the cluster holds every subject again.
until [ "$(subjects_in_all)" = "$subjects" ]; do sleep 1; done
seconds=$(( ($(date +%s%N) - started) / 1000000 ))
echo "RESULT operation=cluster-cold-start members=$members subjects=$subjects listening_after_ms=$listening serving_after_ms=$seconds member_heap_mb=$heaps"
