"""The system Chromium for browser tests (their `browser`, `page` and `seeded` fixtures are
in conftest.py).

Playwright cannot download its own browsers here, so it drives Debian's Chromium.
"""

import os
import threading
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
    with closed_at_the_end(browser.new_context(**context_options)) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page


@contextmanager
def closed_at_the_end(context):
    """The browser context, closed after the block, and then the live server's requests
    left to finish: a request still running (an autosave, a live preview) when the test's
    database is emptied deadlocks with it on PostgreSQL and stalls on SQLite."""
    try:
        yield context
    finally:
        context.close()
        live_requests.wait_until_none()


class LiveRequests:
    """How many requests the live server is handling (conftest's live_server counts them)."""

    def __init__(self):
        self.running = 0
        self.changed = threading.Condition()

    def counted(self, application):
        def counted_application(environ, start_response):
            with self.changed:
                self.running += 1
            try:
                return application(environ, start_response)
            finally:
                with self.changed:
                    self.running -= 1
                    self.changed.notify_all()

        return counted_application

    def wait_until_none(self, timeout=30):
        with self.changed:
            if not self.changed.wait_for(lambda: self.running == 0, timeout):
                raise TimeoutError(f"{self.running} live-server request(s) still running")


live_requests = LiveRequests()
