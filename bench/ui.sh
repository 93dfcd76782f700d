#!/usr/bin/env bash
# The UI's figures (issue: web UI): the runs table's first paint with 10,001 runs and the zoom on a 1,000,000-point
# chart, measured in headless Chromium by the browser test UiScaleIT, repeated, min/median/max written to
# bench/results/<date>-ui.md.   bench/ui.sh [REPEATS (default 5)]
# Cairn only: MLflow's UI is a different page, so there is no side-by-side ratio here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/jdk.sh"
cd "$root"
repeats="${1:-5}"
mvn -B -q verify -pl cli -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=UiScaleIT \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dcairn.ui.repeats="$repeats" \
  -Dcairn.ui.report="bench/results/$(date +%F)-ui.md"
cat "bench/results/$(date +%F)-ui.md"
