# Sourced by the benchmarks that keep files (bench-import.sh, bench-sync.sh), not run.
# Gives $work: $KITH_BENCH_DIR when set (the generated files and databases stay there, to look into
# a figure afterwards), else a temp folder. `drop_work` removes the temp folder (never
# $KITH_BENCH_DIR): call it from the script's own EXIT trap.
if [ -n "${KITH_BENCH_DIR:-}" ]; then
  work=$KITH_BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
fi
drop_work() { [ -n "${KITH_BENCH_DIR:-}" ] || rm -rf "$work"; }
