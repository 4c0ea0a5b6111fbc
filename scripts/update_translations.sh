#!/usr/bin/env bash
# Extract UI strings into the .ts files, then compile them to .qm (commit both).
# Translate new entries with pyside6-linguist (or any .ts editor) between the two steps.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
BIN=$(dirname "$PY")
mapfile -t sources < <(find propdesk/ui -name '*.py' | sort)
for ts in resources/translations/*.ts; do
    "$BIN/pyside6-lupdate" -no-obsolete -locations none "${sources[@]}" -ts "$ts"
done
for ts in resources/translations/*.ts; do
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
