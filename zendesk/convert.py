"""Zendesk article HTML to the portal's Markdown (markdownify).

Headings, lists, tables, links, images and code are kept. Links and images
go through callbacks, so the importer can point them at imported articles
and images; what cannot be brought in (embedded frames, video, forms...) is
listed in `lost` for the import report instead of vanishing.
"""

from collections.abc import Callable

from markdownify import ATX, MarkdownConverter

# Tags whose content does not survive as Markdown.
LOST_TAGS = {"iframe", "video", "audio", "object", "embed", "form", "script", "style"}

INDENT = 4

Rewrite = Callable[[str], str | None]


class _Converter(MarkdownConverter):
    def __init__(self, *, link: Rewrite, image: Rewrite, **options):
        super().__init__(**options)
        self.rewrite_link = link
        self.rewrite_image = image
        self.lost: list[str] = []

    def convert_a(self, el, text, parent_tags):
        href = el.get("href")
        if href:
            el["href"] = self.rewrite_link(href) or href
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        new = self.rewrite_image(src) if src else None
        if new is None:
            self.lost.append(f"image {src or '(no address)'}")
            return el.get("alt") or ""
        el["src"] = new
        return super().convert_img(el, text, parent_tags)

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown nests a list under an item indented four spaces,
        # not two: every item's content is indented by four.
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            number = int(start) if start.isnumeric() else 1
            bullet = f"{number + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        bullet = bullet.ljust(INDENT - 1) + " "
        lines = text.split("\n")
        rest = [" " * len(bullet) + line if line.strip() else "" for line in lines[1:]]
        return "\n".join([bullet + lines[0], *rest]) + "\n"

    def _lost(self, el, text, parent_tags):
        source = el.get("src") or el.get("data") or el.get("action") or ""
        self.lost.append(f"<{el.name}> {source}".strip())
        return ""

    convert_iframe = convert_video = convert_audio = convert_object = _lost
    convert_embed = convert_form = convert_script = convert_style = _lost


def html_to_markdown(html: str, *, link: Rewrite, image: Rewrite) -> tuple[str, list]:
    """(Markdown, what was lost). `link(href)` returns the new address or
    None to keep it; `image(src)` the new address or None when the image
    cannot be brought in (then its alt text stays in its place)."""
    converter = _Converter(
        link=link,
        image=image,
        heading_style=ATX,
        bullets="-",
        escape_underscores=False,
        keep_inline_images_in=["td", "th", "a", "li", "p"],
        table_infer_header=True,
        code_language_callback=_code_language,
    )
    markdown = converter.convert(html or "")
    return markdown.strip() + "\n", converter.lost


def _code_language(el) -> str:
    code = el.find("code")
    for name in (code.get("class") if code else None) or el.get("class") or []:
        if name.startswith("language-"):
            return name.removeprefix("language-")
    return ""
