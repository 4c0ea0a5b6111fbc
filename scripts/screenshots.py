"""Render every page of the demo book at 1366×768 to PNG, in Chinese and English.

Usage: .venv/bin/python scripts/screenshots.py [OUT_DIR] [--book PATH]
Pages are <lang>-<nn>-<key>.png in OUT_DIR (default build/screenshots); each tab of a page
(<lang>-<nn>-<key>-<t>.png) and each wizard step (<lang>-w<n>-<wizard>-<s>.png) are in
OUT_DIR/steps. The wizards are walked on a throwaway copy of the book (see
propdesk/ui/screenshots.py), so what their steps write never reaches it.
Runs offscreen with a throwaway HOME and XDG folders, so your own settings and demo book
are not touched (the demo book is made there, once, for both languages).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", type=Path, default=ROOT / "build" / "screenshots")
    p.add_argument("--book", help="use this book instead of the demo book")
    p.add_argument("--lang", action="append", choices=("zh_CN", "en"))
    args = p.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=f"{tmp}/home")
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[var] = f"{tmp}/{var.lower()}"
        for lang in args.lang or ("zh_CN", "en"):
            source = ["--book", args.book] if args.book else ["--demo"]
            cmd = [sys.executable, "-m", "propdesk.ui.app", *source, "--lang", lang,
                   "--screenshot-dir", str(out)]  # fmt: skip
            done = subprocess.run(cmd, env=env, cwd=ROOT, check=False)
            if done.returncode:
                print(f"screenshots failed for {lang} ({done.returncode})", file=sys.stderr)
                return done.returncode
    print(f"screenshots in {out} (tabs and wizard steps in {out / 'steps'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
