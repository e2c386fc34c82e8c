# Sourced by .ci/run and scripts/test: free disk space, and what a step used.
# A run from a fresh clone leaves about 10 GB on the disk (the clone's
# target/ and node_modules, its npm cache; per suite in docs/testing.md);
# when the disk fills, the failures are ENOSPC errors wherever they happen,
# so the summary shows the space.
disk_free_kb() { df -Pk "${1:-.}" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
disk_gb() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1048576 }'; }
# One line: the free space where the tree is, and under the temporary
# directory when that is another filesystem.
disk_report() {
  local tmp=${TMPDIR:-/tmp} line
  line="$(disk_gb "$(disk_free_kb .)") GB free here"
  [ "$(df -P . | awk 'NR == 2 { print $1 }')" = "$(df -P "$tmp" | awk 'NR == 2 { print $1 }')" ] \
    || line="$line, $(disk_gb "$(disk_free_kb "$tmp")") GB under $tmp"
  echo "$line"
}
# Samples the free space every 2 s into FILE until disk_sample_stop.
disk_sample_start() {
  mkdir -p "$(dirname "$1")"
  : > "$1"
  (while disk_free_kb . >> "$1"; do sleep 2; done) &
  DISK_SAMPLER=$!
}
disk_sample_stop() { [ -n "${DISK_SAMPLER:-}" ] && { kill "$DISK_SAMPLER" 2>/dev/null; wait "$DISK_SAMPLER" 2>/dev/null; }; DISK_SAMPLER=""; }
