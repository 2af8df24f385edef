"""Two more independent checkers on every public page: the W3C Nu HTML checker (valid
code, RGAA criterion 8.2) and HTML_CodeSniffer (WCAG 2 AA), beside axe-core."""

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from segurfaq.faq.changes import NEWS_KINDS
from segurfaq.faq.models import Entry
from segurfaq.subscriptions.mail import mail_message
from segurfaq.subscriptions.models import Follower, FollowerMail
from segurfaq.subscriptions.services import manage_token
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


def _htmlcs(page) -> list:
    page.add_script_tag(path=str(_tool(HTMLCS)))
    return page.evaluate(
        """() => new Promise((resolve) => HTMLCS.process("WCAG2AA", document, () => resolve(
            HTMLCS.getMessages()
                .filter((m) => m.type === HTMLCS.ERROR)
                .map((m) => [m.code, m.msg, m.element.outerHTML.slice(0, 100)])
        )))"""
    )


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_pass_html_codesniffer_wcag2aa(site, audit_page, name):
    audit_page.goto(site + PAGES[name])

    assert _htmlcs(audit_page) == []


def test_the_follow_page_and_the_messages_to_followers_are_valid(site, audit_page, tmp_path):
    """The page a follower reaches from a message, the confirmation and the digest (its
    HTML part, readable without images: it has none) pass the Nu checker and HTML_CodeSniffer."""
    follower = Follower.objects.create(
        email="lectrice@example.fr",
        mailbox_key="x",
        selection=["couloir/biologie-medicale"],
        confirmed_at=timezone.now(),
    )
    changes = list(
        Entry.history.filter(change_kind__in=NEWS_KINDS).values_list("history_id", flat=True)[:3]
    )
    parts = {
        "gerer": _page(f"{site}/suivre/gerer/{manage_token(follower)}/"),
    }
    for kind, period, ids in (("confirm", "", []), ("digest", "immediate:test", changes)):
        message = mail_message(
            FollowerMail(follower=follower, kind=kind, period=period, changes=ids)
        )
        html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
        assert "<img" not in html
        parts[f"message-{kind}"] = html.encode()
    files = []
    for name, content in parts.items():
        target = tmp_path / f"{name}.html"
        target.write_bytes(content)
        files.append(str(target))

    checked = subprocess.run(
        [
            shutil.which("java"),
            "-jar",
            str(_tool(VNU)),
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    errors = [m["message"] for m in json.loads(checked.stderr)["messages"] if m["type"] == "error"]
    assert errors == []
    audit_page.goto(f"{site}/suivre/gerer/{manage_token(follower)}/")
    assert _htmlcs(audit_page) == []
