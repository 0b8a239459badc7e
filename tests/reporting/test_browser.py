"""The report in a real browser: headless Chromium renders it, holds the ranking, prints it on A4."""

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import appraisal as ap
from appraisal.data import RENAMED, appraise_example

imread = pytest.importorskip("matplotlib.image", reason="matplotlib reads the screenshots").imread

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (.ci/run installs the Debian package 'chromium')")


def _run(page: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    argv = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", *options, page.as_uri()]
    return subprocess.run(argv, capture_output=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    current, previous = appraise_example()
    target = tmp_path_factory.mktemp("browser") / "report.html"
    ap.report(current, lang="zh", previous=previous, renamed=RENAMED, path=target)
    return target


def test_screenshot_shows_the_report(page: Path, tmp_path: Path) -> None:
    """A phone-width and a desktop screenshot both draw something: ≥ 2 % of pixels not background."""
    for width, height in ((1200, 1800), (390, 1600)):
        shot = tmp_path / f"shot-{width}.png"
        _run(page, f"--screenshot={shot}", f"--window-size={width},{height}", "--hide-scrollbars")
        pixels = imread(shot)[:, :, :3]
        assert pixels.shape[:2] == (height, width)
        inked = np.any(np.abs(pixels - pixels[0, 0]) > 0.02, axis=2).mean()
        assert inked >= 0.02, inked


def test_dom_holds_the_ranking(page: Path) -> None:
    """The DOM Chromium builds holds the ranking tables, with every unit."""
    dom = _run(page, "--dump-dom").stdout.decode("utf-8")
    assert dom.count('<table class="ranking">') == 2
    for unit in ("高新技术产业开发区", "东河镇", "物流园区"):
        assert unit in dom


def test_prints_on_a4(page: Path, tmp_path: Path) -> None:
    """Printed to PDF, the example county's report fills between 2 and 30 A4 pages."""
    pdf = tmp_path / "report.pdf"
    _run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert 2 <= pages <= 30, pages
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    assert all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2 for w, h in boxes)
