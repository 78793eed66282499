#!/usr/bin/env bash
# The html report in a real browser: installs Debian's chromium when it is missing, renders the
# report of the default scenario to target/rapport.html and, in headless Chromium at A4 width
# (794 px at 96 dpi), to target/rapport.png, and prints where the PNG is. Run it before
# `cargo test`, whose tests/formats_html.rs then measures the page in the same browser (with CI
# set, that test fails when no chromium is found).
set -euo pipefail
cd "$(dirname "$0")/.."
find_browser() { command -v chromium || command -v chromium-browser || true; }
browser=$(find_browser)
if [ -z "$browser" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "html: installing chromium (Debian's package)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  browser=$(find_browser)
fi
if [ -z "$browser" ]; then
  echo "html: no chromium after installing it" >&2
  exit 1
fi
mkdir -p target
cargo run --release --quiet -- run scenarios/typisk_insats.toml --format html -o target/rapport.html
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --user-data-dir="$profile" --window-size=794,1123 \
  --screenshot="$PWD/target/rapport.png" "file://$PWD/target/rapport.html" >/dev/null 2>&1
test -s target/rapport.png
echo "html: $("$browser" --version 2>/dev/null | head -n 1) rendered target/rapport.html to $PWD/target/rapport.png"
