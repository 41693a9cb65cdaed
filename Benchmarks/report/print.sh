#!/usr/bin/env bash
# Renders a HedgeLab HTML report the way a reader sees it: a full-page screenshot in headless
# Chromium at 1400 px, and Print-to-PDF (the report's print stylesheet: A4 landscape), with
# every PDF page as a PNG to look at.
#
# Usage, from the project root (after ingesting ../shared/data as the scenario's header says):
#   Benchmarks/report/print.sh                       # the S&P 500 collar/covered-call report
#   Benchmarks/report/print.sh REPORT.html OUT_DIR   # any report
#
# Writes OUT_DIR/report.png (1400 px wide), OUT_DIR/report.pdf and OUT_DIR/page-N.png.
# Needs Chromium and poppler-utils (Debian: apt-get install -y chromium poppler-utils) and a
# built hedgelab (swift build).
set -euo pipefail

cd "$(dirname "$0")/../.."
report="${1:-}"
out="${2:-${TMPDIR:-/tmp}/hedgelab-report-print}"
mkdir -p "$out"
if [[ -z "$report" ]]; then
  swift build --product hedgelab >/dev/null
  report="$out/spx-collar-covered-call.html"
  "$(swift build --show-bin-path)/hedgelab" compare Scenarios/spx-collar-covered-call.yaml \
    --no-record --html "$report" >/dev/null
fi
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "error: no Chromium found; install it (Debian: apt-get install -y chromium poppler-utils)" >&2
  exit 69
fi
url="file://$(realpath "$report")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1400,26000 --screenshot="$out/report.png" "$url" 2>/dev/null
"$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/report.pdf" "$url" 2>/dev/null
if command -v pdftoppm >/dev/null; then
  pdftoppm -r 70 -png "$out/report.pdf" "$out/page"
fi
echo "screenshot $out/report.png (1400 px wide), PDF $out/report.pdf, pages $out/page-*.png"
