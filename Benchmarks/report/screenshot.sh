#!/usr/bin/env bash
# Renders a HedgeLab HTML report in headless Chromium and saves a full-page PNG, to check the
# charts by eye (axes, dates, legends, labels).
#
# Usage, from the project root:
#   Benchmarks/report/screenshot.sh                      # the demo's report (runs `hedgelab demo`)
#   Benchmarks/report/screenshot.sh REPORT.html [OUT.png] [HEIGHT_PX]
#
# The S&P 500 report (after ingesting ../shared/data as in Scenarios/spx-protective-put.yaml):
#   hedgelab compare Scenarios/spx-collar-covered-call.yaml --db market.sqlite --html spx.html
#   Benchmarks/report/screenshot.sh spx.html spx.png
#
# Needs Chromium (Debian: apt-get install -y chromium) and a built hedgelab (swift build).
set -euo pipefail

cd "$(dirname "$0")/../.."
report="${1:-}"
out="${2:-}"
height="${3:-9000}"
if [[ -z "$report" ]]; then
  folder="${TMPDIR:-/tmp}/hedgelab-report-demo"
  swift build --product hedgelab >/dev/null
  "$(swift build --show-bin-path)/hedgelab" demo --out "$folder" >/dev/null
  report="$folder/report.html"
  out="${out:-$folder/report.png}"
fi
out="${out:-${report%.html}.png}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "error: no Chromium found; install it (Debian: apt-get install -y chromium)" >&2
  exit 69
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size="1400,$height" --screenshot="$out" "file://$(realpath "$report")" 2>/dev/null
echo "screenshot of $report: $out (1400 × $height px)"
