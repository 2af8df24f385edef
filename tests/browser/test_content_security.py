"""The content security policy blocks nothing the pages need."""

import pytest

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
