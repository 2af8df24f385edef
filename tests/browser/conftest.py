"""Browser tests: Debian's chromium driven by Playwright against a live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install it with `apt-get install chromium` (scripts/test does "
        "so when it runs as root) to run the browser tests",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in this thread; Django must still allow the
# test's own database calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    from segurfaq.faq.services import content_import_json, default_content_text

    content_import_json(text=default_content_text())
    return live_server.url


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request, browser):
    context = browser.new_context(
        java_script_enabled=request.param, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.javascript = request.param
    yield page
    context.close()


@pytest.fixture
def js_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def audit_page(browser):
    # The audit injects axe-core as an inline script, which the site's CSP rightly blocks.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm install --no-package-lock` (scripts/test does)")

    def audit(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    return audit
