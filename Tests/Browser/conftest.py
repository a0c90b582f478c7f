"""Browser tests: the real `ketupek` binary on a loopback port, driven by Debian's chromium through selenium.

Run with `/usr/bin/python3 -m pytest Tests/Browser` after `swift build` (the README's `.ci/test` does both).
The binary is `KETUPEK_BINARY` or `.build/debug/ketupek`.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("KETUPEK_BINARY", os.path.join(ROOT, ".build", "debug", "ketupek"))


class Server:
    """One `ketupek serve --port 0` on a temporary data folder, with a bearer token per role and a user."""

    def __init__(self):
        self.data = tempfile.mkdtemp(prefix="ketupek-browser-")
        self.tokens = {}
        for role in ("admin", "moderator", "integration"):
            self.tokens[role] = self._cli("token", "create", "--role", role, "--name", f"browser {role}").strip()
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", "0", "--data-dir", self.data, "--public-dir", os.path.join(ROOT, "Public"),
             "--log-level", "warning"],
            stdout=subprocess.PIPE, text=True)
        deadline = time.time() + 20
        line = ""
        while time.time() < deadline:
            line = self.process.stdout.readline()
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
            if match:
                self.url = match.group(1)
                return
        raise RuntimeError(f"the server did not start: {line}")

    def _cli(self, *arguments, stdin=None):
        return subprocess.run([BINARY, *arguments, "--data-dir", self.data], check=True, capture_output=True,
                              text=True, input=stdin).stdout

    def add_user(self, username, role, password):
        self._cli("user", "add", "--username", username, "--role", role, "--password-stdin", stdin=password + "\n")

    def api(self, method, path, body=None, role="admin", headers=None):
        """Calls the API with the role's bearer token; returns (status, parsed JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.tokens[role]}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def live_session(self, slug, title=None):
        status, _ = self.api("POST", "/api/v1/sessions", {"slug": slug, "title": title or slug})
        assert status == 201, status
        status, session = self.api("POST", f"/api/v1/sessions/{slug}/state", {"state": "live"}, role="moderator")
        assert status == 200, status
        return session

    def ingest(self, slug, comments):
        status, body = self.api("POST", f"/api/v1/sessions/{slug}/comments", comments, role="integration")
        assert status in (200, 201), (status, body)
        return body["results"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    instance = Server()
    yield instance
    instance.stop()


@pytest.fixture()
def browser():
    """A headless chromium: give it a fresh profile per test; quit afterwards."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def screenshot_folder(server):
    """Where screenshot tests write: Public/img/screenshots when KETUPEK_SCREENSHOTS=1 (to refresh the README's
    pictures), else the test server's temporary folder, so a test run never changes the tree."""
    if os.environ.get("KETUPEK_SCREENSHOTS"):
        folder = os.path.join(ROOT, "Public", "img", "screenshots")
        os.makedirs(folder, exist_ok=True)
        return folder
    return server.data


def wait_for(condition, timeout=5.0, interval=0.05, message="condition"):
    """Polls `condition` until it returns something truthy (bounded in time); returns it."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message} (last: {last!r})")
