#!/usr/bin/env python3
"""The README's screenshot of a report mid-review: `bench/report_screenshot.py REPORT.html
OUT.png [KEYS] [HEIGHT]`. Opens the report in headless Chromium (1280 x HEIGHT, default 1000), types KEYS
(default "jny": the first flag, a false alarm, the next, does not belong) so the counter, the marks and
the focus on the next flag show, and captures the viewport."""
import base64, os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chromium  # noqa: E402

report, out = sys.argv[1], sys.argv[2]
keys = sys.argv[3] if len(sys.argv) > 3 else "jny"
height = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
c = Chromium()
try:
    s = c.open_tab(1280, height)
    c.open(s, report)
    for k in keys:
        c.key(s, k)
    time.sleep(0.5)  # let the scroll settle before the capture
    png = c.send("Page.captureScreenshot", {"format": "png"}, s)["data"]
    with open(out, "wb") as f:
        f.write(base64.b64decode(png))
finally:
    c.close()
