"""The Python documentation as a relevance benchmark (`make bench-relevance`).

A real documentation set that nobody here wrote, shipped by Debian's
python3-doc package (no network needed): the library reference, the
tutorial and the how-tos become articles, written back as Markdown
(headings, paragraphs, definition terms such as function signatures, code
blocks, and links to one another, which become links between the
articles: `Page.body()`), and every question of the FAQ pages and every term of the
glossary becomes a query, judged relevant to the pages its answer (or
definition) links to.

The judgements (`Question.linked` keeps every link for the command to
report what it drops):

- A link counts whatever its form: relative (`../library/os.html`), with an
  anchor (`functions.html#int` judges the whole page relevant) or a query
  string; links to other sites and within the same page do not count. Only
  the answer counts: its links up to the next question, never the sidebar,
  navigation or footer of the page.
- Only the parts loaded are judged: links to the FAQ itself, the glossary,
  the language reference, the C API, `using/` and the indexes fall outside
  the corpus and are dropped. A question left with no page of the corpus is
  left out of the benchmark rather than counted as a miss.
- Pages are loaded whole (no cut at some length, every line of a code block,
  the lines of a line block) so that a page judged relevant still holds the
  text its link was about.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, join, normpath
from urllib.parse import urlsplit

DOCS = Path("/usr/share/doc/python3-doc/html")
# The parts that become articles, with the section each goes into.
PARTS = {"library": "Library reference", "tutorial": "Tutorial", "howto": "How-tos"}
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "caption", "pre"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
# Characters Markdown would read as syntax in running text.
MARKDOWN = re.compile(r"([\\`*_\[\]{}#+!|~])")


# A link in Page.markdown until the pages are articles: the number of the
# page it goes to (in Page.links), then its text.
LINK = re.compile("\x01(\\d+)\x02(.*?)\x03", re.S)


@dataclass
class Page:
    path: str  # e.g. "library/os.html"
    title: str
    markdown: str  # with its links to other pages marked (LINK)
    links: list[str] = field(default_factory=list)  # pages linked to

    def body(self, urls: dict[str, str]) -> str:
        """The Markdown, each link to a page of `urls` (path -> address) a
        link to that address, any other link its text alone."""

        def link(match):
            url = urls.get(self.links[int(match[1])])
            return f"[{match[2]}]({url})" if url and match[2].strip() else match[2]

        return LINK.sub(link, self.markdown)


@dataclass
class Question:
    text: str
    relevant: set[str] = field(default_factory=set)  # page paths
    # Every documentation page its answer links to, in the corpus or not.
    linked: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    """The main text of a Sphinx page as Markdown blocks, and its links."""

    def __init__(self, page: str = ""):
        super().__init__(convert_charrefs=True)
        self.page = page  # its path, that links are relative to
        self.depth = 0  # <div> depth inside the main body; 0: outside
        self.skip = 0  # inside a permalink, a script or a style
        self.blocks: list[tuple[str, str]] = []  # (kind, text)
        self.current: tuple[str, list[str]] | None = None
        self.title = ""
        self.links: list[str] = []
        self.linking = False  # inside a link to another page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            if self.depth:
                self.depth += 1
                if "line" in (attrs.get("class") or "").split() and not self.skip:
                    self._flush()  # a line of a line block: a block of its own
                    self.current = ("div", [])
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
        elif tag == "a" and self.current and self.current[0] not in {*HEADINGS, "pre"}:
            self._link(attrs.get("href") or "")
        elif tag == "br" and self.current:
            self.current[1].append("\n" if self.current[0] == "pre" else " ")

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
            if self.current and self.current[0] == "div":
                self._flush()
            return
        if self.skip:
            if tag in {"a", "script", "style"}:
                self.skip -= 1
            return
        if tag == "a" and self.linking and self.current:
            self.current[1].append("\x03")
            self.linking = False
        if self.current and tag == self.current[0]:
            self._flush()

    def _link(self, href: str):
        """A link to another page of the documentation: marked (LINK)."""
        target = _target(href, self.page)
        if target and target != self.page and not self.linking:
            self.current[1].append(f"\x01{len(self.links)}\x02")
            self.links.append(target)
            self.linking = True

    def handle_data(self, data):
        if self.depth and not self.skip and self.current:
            self.current[1].append(data)

    def _flush(self):
        if self.current and self.linking:
            self.current[1].append("\x03")  # a link left open
        self.linking = False
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
            code = text.rstrip("\n").replace("```", "'''")
            out.append("```\n" + code + "\n```")
        else:
            out.append(_escaped(text))
    return "\n\n".join(out)


def read_page(path: Path) -> Page | None:
    relative = path.relative_to(DOCS).as_posix()
    reader = _Reader(relative)
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader._flush()
    if not reader.title or not reader.blocks:
        return None
    return Page(
        path=relative,
        title=reader.title,
        markdown=_markdown(reader.blocks),
        links=reader.links,
    )


def pages() -> list[Page]:
    """Every page of the parts, whole, in file-name order."""
    found = []
    for part in PARTS:
        for path in sorted((DOCS / part).glob("*.html")):
            page = read_page(path)
            if page:
                found.append(page)
    return found


_SECTION = re.compile(r"<section id=\"[^\"]+\">\s*<h[2-5]>(.*?)</h[2-5]>", re.S)
_HREF = re.compile(r'href="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_TERM = re.compile(r'<dt id="term-[^"]*">(.*?)</dt>\s*<dd>(.*?)</dd>', re.S)


def _text(markup: str) -> str:
    text = html.unescape(_TAG.sub("", markup)).replace("¶", "")
    return " ".join(text.split())


def _main(path: Path) -> str:
    """The main body of a page: not its sidebar, navigation or footer."""
    text = path.read_text(encoding="utf-8", errors="replace")
    start = max(text.find('role="main"'), 0)
    end = text.find('<div class="sphinxsidebar"', start)
    return text[start : end if end >= 0 else len(text)]


def _target(href: str, page: str) -> str | None:
    """The documentation page that `href`, on `page`, links to, if any."""
    url = urlsplit(href)
    if url.scheme or url.netloc or not url.path.endswith(".html"):
        return None  # another site, an anchor of the same page, a file
    return normpath(join(dirname(page), url.path))


def _links(markup: str, page: str) -> set[str]:
    """The documentation pages that `markup`, part of `page`, links to."""
    found = {_target(html.unescape(href), page) for href in _HREF.findall(markup)}
    return found - {None}


def candidates(known: set[str]) -> list[Question]:
    """Every FAQ question, then every glossary term, with the pages among
    `known` that its answer links to (none for some)."""
    found = questions() + glossary_terms()
    for question in found:
        question.relevant = question.linked & known
    return found


def queries(known: set[str]) -> list[Question]:
    """The candidates with at least one relevant page among `known`."""
    return [q for q in candidates(known) if q.relevant]


def glossary_terms() -> list[Question]:
    """Each glossary term with the pages its definition links to."""
    text = _main(DOCS / "glossary.html")
    found = []
    for term, definition in _TERM.findall(text):
        if _text(term):
            linked = _links(definition, "glossary.html")
            found.append(Question(text=_text(term), linked=linked))
    return found


def questions() -> list[Question]:
    """Each FAQ question (a heading that ends in "?") with the pages its
    answer, up to the next heading, links to."""
    found = []
    for path in sorted((DOCS / "faq").glob("*.html")):
        text = _main(path)
        page = path.relative_to(DOCS).as_posix()
        matches = list(_SECTION.finditer(text))
        for n, match in enumerate(matches):
            heading = _text(match.group(1))
            if not heading.endswith("?"):
                continue
            end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
            linked = _links(text[match.end() : end], page)
            found.append(Question(text=heading, linked=linked))
    return found
