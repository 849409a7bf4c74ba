"""A minimal W3C WebDriver client for Debian's chromium + chromium-driver.

Standard library only: starts /usr/bin/chromedriver on a free loopback port,
opens one headless Chromium session with the flags that keep it off the
network (no background networking, component updates, sync or QUIC), and
offers the few calls the report tests need: open a URL, run a script, read
the browser console, and take a full-page screenshot through the DevTools
protocol.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SITREP_CHROMEDRIVER", "/usr/bin/chromedriver")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


def available():
    """Why a browser session cannot start, or None when it can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} not found: install Debian's chromium and chromium-driver (.ci/run does)"
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One headless Chromium window of the given size; close() ends it."""

    def __init__(self, width=1000, height=900):
        self.profile = tempfile.mkdtemp(prefix="sitrep-chromium-")
        self.port = _free_port()
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status")["value"].get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromedriver did not start within 20 s")
            time.sleep(0.1)
        args = FLAGS + [f"--user-data-dir={self.profile}", f"--window-size={width},{height}"]
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }
        try:
            reply = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        except Exception:
            self.close()
            raise
        self.session = reply["value"]["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.read().decode(errors='replace')}") from None

    def _session(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)["value"]

    def open(self, url):
        """Loads `url` and waits for the load event; returns milliseconds to it."""
        self._session("POST", "/url", {"url": url})
        return self.run(
            "var n=performance.getEntriesByType('navigation')[0];"
            "return n ? n.loadEventEnd - n.startTime : null;"
        )

    def run(self, script, *args):
        """Runs `script` (a function body) in the page and returns its value."""
        return self._session("POST", "/execute/sync", {"script": script, "args": list(args)})

    def console(self):
        """Browser console entries since the last call: dicts with level and message."""
        return self._session("POST", "/se/log", {"type": "browser"})

    def devtools(self, command, params):
        """Runs one DevTools protocol command (through chromedriver)."""
        return self._session("POST", "/goog/cdp/execute", {"cmd": command, "params": params})

    def scripts(self, enabled):
        """Turns the page's JavaScript on or off for the next loads."""
        self.devtools("Emulation.setScriptExecutionDisabled", {"value": not enabled})

    def screenshot(self, path):
        """Saves a PNG of the whole page, not just the window."""
        width, height = self.run(
            "var e=document.documentElement;return [e.scrollWidth, e.scrollHeight];"
        )
        shot = self.devtools("Page.captureScreenshot", {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        })
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            if getattr(self, "session", None):
                self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
