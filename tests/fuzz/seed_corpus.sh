#!/usr/bin/env bash
# Seeds a fuzz corpus with every shipped model, scenario and catalogue file, and every scenario
# joined by `%%%` to the model it names. Usage: seed_corpus.sh [DIR] (default corpus/scenario,
# relative to tests/fuzz).
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-corpus/scenario}
mkdir -p "$out"
for file in ../../models/*.toml ../../scenarios/*.toml ../../docs/examples/*.toml ../data/*/*.toml; do
  name=$(basename "$(dirname "$file")")_$(basename "$file")
  cp "$file" "$out/$name"
  # A scenario's `model = "..."` (quoted either way) names its model relative to its folder.
  model=$(dirname "$file")/$(sed -nE "s/^model = [\"']([^\"']+)[\"'].*/\1/p" "$file" | head -n 1)
  if [[ -f "$model" ]]; then
    { cat "$file"; printf '\n%%%%%%\n'; cat "$model"; } > "$out/pair_$name"
  fi
done
