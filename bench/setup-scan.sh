#!/bin/sh
# bench/scan's OCR figures need tesseract with Vietnamese. Bench-only: these
# packages are not build or test dependencies (not in .ci/install-deps).
set -eu
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends tesseract-ocr tesseract-ocr-vie >&2
