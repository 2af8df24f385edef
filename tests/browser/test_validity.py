"""Two more independent checkers on every public page: the W3C Nu HTML checker (valid
code, RGAA criterion 8.2) and HTML_CodeSniffer (WCAG 2 AA), beside axe-core."""

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.test_accessibility import PAGES

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"


def _tool(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm install --no-package-lock` (scripts/test does)")
    return path


def _page(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is checked too
        return error.read()


def test_public_pages_are_valid_html(site, tmp_path):
    vnu = _tool(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `apt-get install default-jre-headless` (scripts/test does)")
    files = []
    for name, path in PAGES.items():
        target = tmp_path / f"{name}.html"
        target.write_bytes(_page(site + path))
        files.append(str(target))

    checked = subprocess.run(
        [java, "-jar", str(vnu), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    messages = json.loads(checked.stderr)["messages"]
    errors = [
        (Path(m.get("url", "?")).stem, m["message"], m.get("extract", "")[:80])
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_pass_html_codesniffer_wcag2aa(site, audit_page, name):
    audit_page.goto(site + PAGES[name])
    audit_page.add_script_tag(path=str(_tool(HTMLCS)))

    errors = audit_page.evaluate(
        """() => new Promise((resolve) => HTMLCS.process("WCAG2AA", document, () => resolve(
            HTMLCS.getMessages()
                .filter((m) => m.type === HTMLCS.ERROR)
                .map((m) => [m.code, m.msg, m.element.outerHTML.slice(0, 100)])
        )))"""
    )

    assert errors == []
