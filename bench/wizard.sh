#!/bin/sh
# bench/wizard: "Đăng ký khai sinh" (1.001193) by touch, as tests/test-ui-wizard
# drives it in the real window against the portal simulator: the taps it takes
# (buttons and fields; the keys that type letters, digits and spaces counted
# apart) and the time from "Submit" to the receipt with the portal's code.
# Target: at most 25 taps.
#
#   bench/wizard.sh [BUILD_DIR] [RUNS]      (or: meson compile -C build wizard)
set -eu
build=${1:-build}
runs=${2:-5}
i=0
while [ "$i" -lt "$runs" ]; do
  if ! xvfb-run -a -s "-screen 0 1280x1024x24" \
       meson test -C "$build" ui-wizard >/dev/null 2>&1; then
    echo "bench/wizard: the ui-wizard test failed (see $build/meson-logs/testlog.txt)" >&2
    exit 1
  fi
  # The test prints its figures as TAP comments; meson keeps them in its log.
  grep -o 'wizard: .*' "$build/meson-logs/testlog.txt"
  i=$((i + 1))
done
