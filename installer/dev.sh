#!/usr/bin/env bash
# Set up DIVERT Desktop from a source checkout and run it or its tests.
#   bash installer/dev.sh run [APP OPTIONS]   install everything, then start the app
#   bash installer/dev.sh test [PYTEST ARGS]  install everything, then run the whole test suite
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTION="${1:-run}"; shift || true

say() { printf 'divert-desktop setup: %s\n' "$*" >&2; }

# Qt needs a few system libraries even offscreen; a real window needs the xcb ones too.
QT_LIBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
XCB_LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth"
TOOLS="poppler-utils qpdf binutils"  # binutils: PyInstaller (the slow build test) reads binaries
install_system_packages() {
  command -v dpkg >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: see README for the list
  local missing=()
  for pkg in $QT_LIBS $XCB_LIBS $TOOLS; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing system packages: ${missing[*]}"
    say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
    exit 1
  fi
}

PYTHON="${PYTHON:-python3}"
install_python_packages() {
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    say "Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))"; exit 1; }
  if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment in .venv"
    "$PYTHON" -m venv .venv
  fi
  local stamp=.venv/.installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing Python packages (first time takes about a minute)"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

install_system_packages
install_python_packages

case "$ACTION" in
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
      say "no screen found (DISPLAY is not set): starting on a virtual screen with xvfb-run"
      exec xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/divert-desktop "$@"
    fi
    exec .venv/bin/divert-desktop "$@"
    ;;
  test)
    .venv/bin/python -m pytest "$@"
    if [ $# -eq 0 ]; then
      # The suite must pass on any date: every non-slow test on a SQLite file runs again with the
      # app's one clock moved (tests/conftest.py): more than a year ahead, on a 29 February, and
      # across the night the clocks go forward (01:00 GMT, 28 March 2027).
      for moment in "+400d" "2028-02-29T09:30:00" "2027-03-28T00:58:00"; do
        say "the tests again with the clock moved to $moment"
        DIVERT_TEST_CLOCK="$moment" .venv/bin/python -m pytest -q -p no:cacheprovider \
          -m "not pg and not slow" tests/unit tests/db tests/gui
      done
    fi
    ;;
  install)
    say "installed: run the app with .venv/bin/divert-desktop"
    ;;
  *)
    say "unknown action '$ACTION' (use run, test or install)"; exit 2 ;;
esac
