#!/usr/bin/env bash
# Seeds the fuzz corpus with every model and scenario, and every pair of them.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/scenario
for file in ../../models/*.toml ../../scenarios/*.toml ../data/invalid/*.toml ../data/textbook/*.toml ../data/hand/*.toml; do
  cp "$file" "corpus/scenario/$(basename "$(dirname "$file")")_$(basename "$file")"
done
for scenario in ../../scenarios/*.toml ../data/hand/intervention.toml; do
  model=../../models/sverige.toml
  [[ "$scenario" == *hand* ]] && model=../data/hand/model.toml
  { cat "$scenario"; printf '\n%%%%%%\n'; cat "$model"; } > "corpus/scenario/pair_$(basename "$scenario")"
done
