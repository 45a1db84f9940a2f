"""The Python documentation as a relevance benchmark (`make bench-relevance`).

A real documentation set that nobody here wrote, shipped by Debian's
python3-doc package (no network needed): the library reference, the
tutorial and the how-tos become articles, written back as Markdown
(headings, paragraphs, definition terms such as function signatures, and
code blocks), and every question of the FAQ pages and every term of the
glossary becomes a query, judged relevant to the pages its answer (or
definition) links to.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath

DOCS = Path("/usr/share/doc/python3-doc/html")
# The parts that become articles, with the section each goes into.
PARTS = {"library": "Library reference", "tutorial": "Tutorial", "howto": "How-tos"}
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "caption", "pre"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
# Characters Markdown would read as syntax in running text.
MARKDOWN = re.compile(r"([\\`*_\[\]{}#+!|~])")


@dataclass
class Page:
    path: str  # e.g. "library/os.html"
    title: str
    markdown: str


@dataclass
class Question:
    text: str
    relevant: set[str] = field(default_factory=set)  # page paths


class _Reader(HTMLParser):
    """The main text of a Sphinx page as Markdown blocks, and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # <div> depth inside the main body; 0: outside
        self.skip = 0  # inside a permalink, a script or a style
        self.blocks: list[tuple[str, str]] = []  # (kind, text)
        self.current: tuple[str, list[str]] | None = None
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            if self.depth:
                self.depth += 1
            elif attrs.get("role") == "main":
                self.depth = 1
            return
        if not self.depth:
            return
        if (
            self.skip
            or tag in {"script", "style"}
            or "headerlink" in (attrs.get("class") or "")
        ):
            self.skip += 1
            return
        if tag in HEADINGS or tag in BLOCKS:
            self._flush()
            self.current = (tag, [])
        elif tag == "br" and self.current:
            self.current[1].append("\n" if self.current[0] == "pre" else " ")

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
            return
        if self.skip:
            if tag in {"a", "script", "style"}:
                self.skip -= 1
            return
        if self.current and tag == self.current[0]:
            self._flush()

    def handle_data(self, data):
        if self.depth and not self.skip and self.current:
            self.current[1].append(data)

    def _flush(self):
        if self.current:
            tag, parts = self.current
            text = "".join(parts)
            if tag != "pre":
                text = " ".join(text.split())
            if text.strip():
                if tag == "h1" and not self.title:
                    self.title = text
                else:
                    self.blocks.append((tag, text))
        self.current = None


def _escaped(text: str) -> str:
    return html.escape(MARKDOWN.sub(r"\\\1", text), quote=False)


def _markdown(blocks: list[tuple[str, str]]) -> str:
    out = []
    for tag, text in blocks:
        if tag in HEADINGS:
            out.append("#" * max(2, HEADINGS[tag]) + " " + _escaped(text))
        elif tag == "pre":
            lines = text.rstrip("\n").split("\n")[:200]
            out.append("```\n" + "\n".join(lines).replace("```", "'''") + "\n```")
        else:
            out.append(_escaped(text))
    return "\n\n".join(out)


def read_page(path: Path, limit: int) -> Page | None:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader._flush()
    if not reader.title or not reader.blocks:
        return None
    markdown = _markdown(reader.blocks)
    if len(markdown) > limit:
        markdown = markdown[: markdown.rfind("\n\n", 0, limit)]
    relative = path.relative_to(DOCS).as_posix()
    return Page(path=relative, title=reader.title, markdown=markdown)


def pages(limit: int = 150_000) -> list[Page]:
    """Every page of the parts, in file-name order."""
    found = []
    for part in PARTS:
        for path in sorted((DOCS / part).glob("*.html")):
            page = read_page(path, limit)
            if page:
                found.append(page)
    return found


_SECTION = re.compile(r"<section id=\"[^\"]+\">\s*<h[2-5]>(.*?)</h[2-5]>", re.S)
_HREF = re.compile(r'href="([^"#]+\.html)(?:#[^"]*)?"')
_TAG = re.compile(r"<[^>]+>")
_TERM = re.compile(r'<dt id="term-[^"]*">(.*?)</dt>\s*<dd>(.*?)</dd>', re.S)


def _text(markup: str) -> str:
    text = html.unescape(_TAG.sub("", markup)).replace("¶", "")
    return " ".join(text.split())


def queries(known: set[str]) -> list[Question]:
    """The FAQ's questions, then the glossary's terms."""
    return questions(known) + glossary_terms(known)


def glossary_terms(known: set[str]) -> list[Question]:
    """Each glossary term with the pages among `known` its definition links to."""
    text = (DOCS / "glossary.html").read_text(encoding="utf-8", errors="replace")
    found = []
    for term, definition in _TERM.findall(text):
        relevant = {normpath(href) for href in _HREF.findall(definition)} & known
        if relevant and _text(term):
            found.append(Question(text=_text(term), relevant=relevant))
    return found


def questions(known: set[str]) -> list[Question]:
    """Each FAQ question with the pages among `known` that its answer
    links to; questions whose answer links to none are left out."""
    found = []
    for path in sorted((DOCS / "faq").glob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        matches = list(_SECTION.finditer(text))
        for n, match in enumerate(matches):
            heading = _text(match.group(1))
            if not heading.endswith("?"):
                continue
            end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
            answer = text[match.end() : end]
            linked = {normpath(f"faq/{href}") for href in _HREF.findall(answer)}
            relevant = linked & known
            if relevant:
                found.append(Question(text=heading, relevant=relevant))
    return found
