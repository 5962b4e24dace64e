"""The system Chromium for browser tests (their `browser`, `page` and `seeded` fixtures are
in conftest.py).

Playwright cannot download its own browsers here, so it drives Debian's Chromium.
"""

import os
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def skip_module_without_chromium():
    """Skip the calling test module where Chromium is missing; CI installs it, so there a
    missing Chromium fails the tests instead."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        import pytest

        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set "
            "CHROMIUM_PATH); CI installs it and runs them",
            allow_module_level=True,
        )


@contextmanager
def launched_chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def new_page(browser, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
