"""Make docs/report.png: the example county's Chinese report, as headless Chromium shows it.

Run it whenever the report changes: ``python scripts/report_screenshot.py``. It installs
the Debian packages ``chromium`` and ``fonts-noto-cjk`` when Chromium is absent (as root).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import appraisal as ap
from appraisal.data import RENAMED, appraise_example

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "report.png"
WINDOW = "1100,2200"


def browser() -> str:
    """Chromium's path, installing it (and the CJK fonts) first when it is absent."""
    found = shutil.which("chromium")
    if found is None:
        print("chromium is absent: installing chromium and fonts-noto-cjk", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        apt = ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"]
        subprocess.run(apt, check=True)
        found = shutil.which("chromium")
    if found is None:
        sys.exit("chromium could not be installed")
    return found


def main() -> None:
    """Write the report to a temporary folder and take its screenshot into docs/."""
    current, previous = appraise_example()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        ap.report(current, lang="zh", previous=previous, renamed=RENAMED, path=page)
        argv = [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={WINDOW}",
            f"--screenshot={TARGET}",
            page.as_uri(),
        ]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
