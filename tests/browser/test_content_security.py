"""The content security policy blocks nothing the pages need."""

import pytest

from tests.browser.test_accessibility import PAGES as PUBLIC

PAGES = [
    "/",
    "/?q=INS",
    "/questions/creer-l-ins-d-un-nouveau-ne/",
    "/poser-une-question/",
    "/admin/login/",
    "/api/v1/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_under_the_content_security_policy(site, js_page, path):
    refused = []
    js_page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    js_page.goto(site + path)
    js_page.wait_for_load_state("networkidle")

    assert refused == []


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_log_no_console_error(site, js_page, name):
    errors = []
    js_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    js_page.on("pageerror", lambda error: errors.append(str(error)))

    js_page.goto(site + PUBLIC[name])
    js_page.wait_for_load_state("networkidle")

    if name == "introuvable":  # the browser reports the page's own status, 404
        errors.remove(
            "Failed to load resource: the server responded with a status of 404 (Not Found)"
        )
    assert errors == []
