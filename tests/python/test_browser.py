"""The HTML report, opened in headless Chromium (Debian's chromium and
chromium-driver), for the sample and for a few hundred bench articles.

Checks what a reader would notice: no console errors, nothing wider than a
1,000 px window, a map with country outlines and place markers, a timeline
with bars, an event list with one row per listed event whose filter and
pages work, and that without JavaScript it is a plain table. Full-page
screenshots go to target/browser/ for a person to look at; load times are
written next to them (figures, not assertions).
"""

import os
import pathlib

import polars as pl
import pytest

import webdriver

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = ROOT / "target" / "browser"
# The HTML event list keeps at most this many events (crates/report MAX_EVENTS).
MAX_EVENTS = 2000


@pytest.fixture(scope="module")
def browser():
    missing = webdriver.available()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    with webdriver.Browser(width=1000, height=900) as session:
        yield session


def check_report(browser, run, name):
    page = run / "reports" / "summary.html"
    load_ms = browser.open(page.as_uri())
    painted_ms = browser.run(
        "return new Promise(function(done){requestAnimationFrame(function(){"
        "requestAnimationFrame(function(){done(performance.now());});});});"
    )
    errors = [e for e in browser.console() if e["level"] == "SEVERE"]
    assert errors == [], errors

    width, client, scroll = browser.run(
        "return [window.innerWidth, document.documentElement.clientWidth,"
        " document.documentElement.scrollWidth];")
    assert width == 1000
    assert scroll <= client, f"page is {scroll} px wide in a {client} px window"

    outlines, markers = browser.run(
        "return [document.querySelectorAll('#map svg path.land').length,"
        " document.querySelectorAll('#map svg circle.place').length];")
    assert outlines > 100, outlines
    assert markers >= 1
    # Every map marker and label is inside the map's box.
    assert browser.run(
        "var box=document.querySelector('#map svg').getBoundingClientRect();"
        "return Array.prototype.every.call(document.querySelectorAll('#map svg .maplabel'),"
        " function(t){var r=t.getBoundingClientRect();"
        " return r.left>=box.left-1&&r.right<=box.right+1;});")

    assert browser.run("return document.querySelectorAll('#timeline svg rect.seg').length") >= 1

    events = pl.read_parquet(run / "tables" / "events.parquet").height
    rows = browser.run("return document.querySelectorAll('#event-list tr.ev').length")
    assert rows == min(events, MAX_EVENTS)
    # The script pages the list (50 rows) and filters it.
    visible = browser.run(
        "return Array.prototype.filter.call(document.querySelectorAll('#event-list tr.ev'),"
        " function(r){return r.offsetParent!==null;}).length")
    assert visible == min(rows, 50)
    info = browser.run("return document.querySelector('#event-list .info').textContent")
    assert info.startswith(f"Events 1\u2013{min(rows, 50)} of {rows}"), info
    first_type = browser.run("return document.querySelector('#event-list tr.ev b').textContent")
    matching = browser.run(
        "var input=document.querySelector('#event-list input');"
        "input.value=arguments[0];input.dispatchEvent(new Event('input'));"
        "return Array.prototype.filter.call(document.querySelectorAll('#event-list tr.ev'),"
        " function(r){return r.offsetParent!==null;}).length", first_type)
    assert 1 <= matching <= 50
    browser.run(
        "var input=document.querySelector('#event-list input');"
        "input.value='';input.dispatchEvent(new Event('input'));")

    # Without JavaScript the list is a plain table: every row shown, no dead controls.
    browser.scripts(False)
    try:
        browser.open(page.as_uri())
        static_rows, controls_shown = browser.run(
            "return [Array.prototype.filter.call(document.querySelectorAll('#event-list tr.ev'),"
            " function(r){return r.offsetParent!==null;}).length,"
            " document.querySelector('#event-list .controls').offsetParent!==null];")
    finally:
        browser.scripts(True)
        browser.open(page.as_uri())
    assert static_rows == rows
    assert not controls_shown

    # Network: coloured by type, with a legend, and no nationalities by default.
    assert browser.run("return document.querySelectorAll('#network svg .n-norp').length") == 0

    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SHOTS / f"{name}.png")
    size = page.stat().st_size
    with open(SHOTS / f"{name}.txt", "w", encoding="utf-8") as f:
        f.write(f"{name}: {size} bytes, load event {load_ms:.0f} ms, painted {painted_ms:.0f} ms\n")


def test_sample_report_in_chromium(browser, sample_run):
    check_report(browser, sample_run, "sample")


def test_bench_slice_report_in_chromium(browser, bench_slice_run):
    check_report(browser, bench_slice_run, "bench-slice")
