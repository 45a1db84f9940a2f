"""Draw the site's icons and link-preview image from static/img/logo.svg.

Run after changing the logo or PORTAL_NAME:
    .venv/bin/python scripts/make_icons.py
It renders with Debian's Chromium (as the browser tests do) and writes
public/favicon.ico, static/img/apple-touch-icon.png, icon-192.png,
icon-512.png (both also "maskable": the mark sits in the safe zone) and
share.png (1200x630, for OpenGraph and Twitter cards).
"""

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LOGO = (ROOT / "static/img/logo.svg").read_text()
# The mark alone, without the rounded square it sits on in the logo.
MARK = LOGO.split("/>", 1)[1].replace("</svg>", "")
BRAND = "#1f5fbf"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def square(size: int, *, rounded: bool, padding: float) -> str:
    inner = size * (1 - 2 * padding)
    radius = size * 0.22 if rounded else 0
    return f"""<body style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">
<rect width="{size}" height="{size}" rx="{radius}" fill="{BRAND}"/>
<svg x="{size * padding}" y="{size * padding}" width="{inner}" height="{inner}"
 viewBox="4 4 24 24">{MARK}</svg></svg></body>"""


def share(name: str) -> str:
    return f"""<body style="margin:0;width:1200px;height:630px;background:{BRAND};
display:flex;align-items:center;justify-content:center;gap:48px;
font:700 76px system-ui,'DejaVu Sans',sans-serif;color:#fff">
<svg xmlns="http://www.w3.org/2000/svg" width="220" height="220"
 viewBox="4 4 24 24">{MARK}</svg><span style="max-width:760px">{name}</span>
</body>"""


def main() -> None:
    name = os.environ.get("PORTAL_NAME", "Publisher Help Center")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()

        def shot(html: str, width: int, height: int) -> bytes:
            page.set_viewport_size({"width": width, "height": height})
            page.set_content(html)
            return page.screenshot(omit_background=True)

        icons = [(180, "apple-touch-icon.png"), (192, "icon-192.png")]
        for size, file in [*icons, (512, "icon-512.png")]:
            png = shot(square(size, rounded=False, padding=0.14), size, size)
            (ROOT / "static/img" / file).write_bytes(png)
        (ROOT / "static/img/share.png").write_bytes(shot(share(name), 1200, 630))
        icon = Image.open(
            io.BytesIO(shot(square(256, rounded=True, padding=0), 256, 256))
        )
        (ROOT / "public").mkdir(exist_ok=True)
        icon.save(ROOT / "public/favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
        browser.close()


if __name__ == "__main__":
    main()
