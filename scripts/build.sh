#!/usr/bin/env bash
# Build the one-folder desktop bundle (dist/propdesk/) with PyInstaller, then smoke-test it:
# the bundle must open (creating) the demo book offscreen and quit with status 0.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install 'pyinstaller>=6.5,<7'
fi

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller build.spec
echo "build: $(($(date +%s) - start)) s, $(du -sh dist/propdesk | cut -f1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" QT_QPA_PLATFORM=offscreen \
    timeout 600 dist/propdesk/propdesk --demo --quit-after-open
test -s "$tmp/data/propdesk/demo.propdesk" || { echo "smoke test: no demo book" >&2; exit 1; }
echo "smoke test: ok ($(($(date +%s) - start)) s)"
