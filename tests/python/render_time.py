"""Prints how long an HTML report takes to render in headless Chromium.

Usage: python3 tests/python/render_time.py PAGE.html [RUNS]

Opens the page RUNS times (default 3) in a 1,000 px window and reports the
median time from navigation start to the first frame painted after the load
event (two animation frames), plus the page size. Standard library only, so
`just bench` can call it without the test venv; says so and exits 0 when
Chromium is not installed.
"""

import pathlib
import statistics
import sys

import webdriver

PAINTED = (
    "return new Promise(function(done){requestAnimationFrame(function(){"
    "requestAnimationFrame(function(){done(performance.now());});});});"
)


def main():
    page = pathlib.Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    missing = webdriver.available()
    if missing:
        print(f"  render time  n/a ({missing})")
        return
    times = []
    with webdriver.Browser(width=1000, height=900) as browser:
        for _ in range(runs):
            browser.open(page.as_uri())
            times.append(browser.run(PAINTED))
            errors = [e for e in browser.console() if e["level"] == "SEVERE"]
            if errors:
                raise SystemExit(f"console errors in {page}: {errors}")
    print(f"  html page    {page.stat().st_size / 1e6:.2f} MB, painted in median "
          f"{statistics.median(times) / 1000:.2f} s in headless Chromium "
          f"(min {min(times) / 1000:.2f}, max {max(times) / 1000:.2f}, {runs} loads)")


if __name__ == "__main__":
    main()
