#!/bin/sh
# Install DIVERT Desktop from this unpacked folder, or remove it again.
#   sh install.sh               as root: for everyone (/opt/divert-desktop); otherwise just for you
#   sh install.sh --uninstall   remove the program (your database and backups are kept)
# PREFIX, APPLICATIONS_DIR, ICONS_DIR and BIN_DIR change where things go.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then
  PREFIX=${PREFIX:-/opt/divert-desktop}
  APPLICATIONS_DIR=${APPLICATIONS_DIR:-/usr/share/applications}
  ICONS_DIR=${ICONS_DIR:-/usr/share/icons/hicolor/256x256/apps}
  BIN_DIR=${BIN_DIR:-/usr/local/bin}
else
  PREFIX=${PREFIX:-$HOME/.local/opt/divert-desktop}
  APPLICATIONS_DIR=${APPLICATIONS_DIR:-$HOME/.local/share/applications}
  ICONS_DIR=${ICONS_DIR:-$HOME/.local/share/icons/hicolor/256x256/apps}
  BIN_DIR=${BIN_DIR:-$HOME/.local/bin}
fi

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$PREFIX"
  rm -f "$APPLICATIONS_DIR/divert-desktop.desktop" "$ICONS_DIR/divert-desktop.png" "$BIN_DIR/divert-desktop"
  echo "DIVERT Desktop was removed. Your database and backups are still in your user data folder"
  echo "(~/.local/share/DIVERT Desktop); delete that folder yourself if you no longer need them."
  exit 0
fi

if [ "$HERE" != "$PREFIX" ]; then
  mkdir -p "$(dirname "$PREFIX")"
  rm -rf "$PREFIX.new"
  cp -a "$HERE" "$PREFIX.new"
  rm -rf "$PREFIX"
  mv "$PREFIX.new" "$PREFIX"
fi
mkdir -p "$APPLICATIONS_DIR" "$ICONS_DIR" "$BIN_DIR"
cp "$PREFIX/divert-desktop.png" "$ICONS_DIR/divert-desktop.png"
sed -e "s|^Exec=.*|Exec=\"$PREFIX/divert-desktop\"|" -e "s|^Icon=.*|Icon=$ICONS_DIR/divert-desktop.png|" \
  "$PREFIX/divert-desktop.desktop" > "$APPLICATIONS_DIR/divert-desktop.desktop"
ln -sf "$PREFIX/divert-desktop" "$BIN_DIR/divert-desktop"
echo "DIVERT Desktop is installed in $PREFIX."
if "$PREFIX/divert-desktop" --self-test >/dev/null 2>&1; then
  echo "Self-test passed. Start it from the applications menu, or with: $BIN_DIR/divert-desktop"
else
  echo "The self-test failed: run \"$PREFIX/divert-desktop\" --self-test to see why." >&2
  echo "On a minimal system Qt needs: libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3" >&2
  exit 1
fi
