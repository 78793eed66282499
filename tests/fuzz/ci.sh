#!/usr/bin/env bash
# CI's fuzz pass: builds the fuzz target with libFuzzer's coverage instrumentation on the stable
# toolchain (the flags of `cargo fuzz build -s none`, without needing cargo-fuzz), then fuzzes
# from the shipped files with the dictionary, the TOML mutator and a fixed seed. A crash, an
# input taking over 30 s or over 2 GiB fails with the input printed; it is kept under
# tests/fuzz/artifacts/ci/. Usage: ci.sh [SECONDS [LIBFUZZER-FLAG...]] (default 60 s).
# The time limit: a scenario at the work limit (evaluate::MAX_WORK, 5e7 transitions) runs about
# 4 s in release and 13 s in this instrumented build; a hang runs forever.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
started=$SECONDS

# The dictionary is generated; a stale one misses keys or ids.
if ! diff -u sekalk.dict <(bash gen_dict.sh) >/dev/null; then
  diff -u sekalk.dict <(bash gen_dict.sh) | head -n 40 || true
  echo "fuzz: tests/fuzz/sekalk.dict is stale: run tests/fuzz/gen_dict.sh > tests/fuzz/sekalk.dict" >&2
  exit 1
fi

# An explicit --target keeps the instrumentation out of build scripts and proc macros.
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table
  -Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth
  -Cllvm-args=-simplifycfg-branch-fold-threshold=0 --cfg fuzzing -Cdebug-assertions"
cargo build --locked --release --target "$triple" --target-dir target --bin scenario
built=$((SECONDS - started))

# A fresh corpus from the files in the repository, so every run starts from the same inputs.
work=target/ci
rm -rf "$work" artifacts/ci
mkdir -p "$work" artifacts/ci
bash seed_corpus.sh "$work/corpus"
status=0
"target/$triple/release/scenario" "$work/corpus" -dict=sekalk.dict -seed=1 -max_total_time="$seconds" \
  -timeout=30 -report_slow_units=15 -rss_limit_mb=2048 -reload=0 -artifact_prefix=artifacts/ci/ \
  -print_final_stats=1 "$@" \
  >"$work/log" 2>&1 || status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
if ((status != 0)); then
  tail -n 40 "$work/log"
  for artifact in artifacts/ci/*; do
    [[ -f "$artifact" ]] || continue
    echo "fuzz: the input, tests/fuzz/$artifact (first 4 KiB):"
    head -c 4096 "$artifact"
    echo
  done
  echo "fuzz: FAILED (libFuzzer exit $status) after ${runs:-?} executions; rerun with" \
    "tests/fuzz/target/$triple/release/scenario tests/fuzz/artifacts/ci/<file>" >&2
  exit 1
fi
ls artifacts/ci/slow-unit-* 2>/dev/null | sed 's|^|fuzz: slow input (over 15 s, under the 30 s limit): tests/fuzz/|' || true
echo "fuzz: ${runs:-?} executions in ${seconds} s, corpus $(ls "$work/corpus" | wc -l) inputs, build ${built} s," \
  "total $((SECONDS - started)) s: no crash, hang or out-of-memory"
