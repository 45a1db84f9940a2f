"""The only place where Markdown becomes HTML. Its output may be marked safe.

Two promises are kept here, and nowhere else:

* **Safe output.** Python-Markdown turns the text into HTML, then bleach
  removes every tag, attribute and URL that is not explicitly allowed below.
  Whatever an author types, the result cannot run script, load frames, style
  the page or point a link at ``javascript:``.

* **Bounded cost.** Python-Markdown was written for trusted input. A few
  kilobytes of the wrong text make it recurse until ``RecursionError``
  (``1. `` repeated) or take seconds (``[`` repeated: every bracket scans to
  the end of its paragraph, which is quadratic), and html5lib, under bleach,
  has superlinear corners of its own. Any text up to ``MAX_LENGTH``
  characters either renders in a fraction of a second or is refused early
  with ``MarkupTooComplex``. The guard has four layers, each aimed at a
  measured mechanism:

  1. a linear scan of the source for what Python-Markdown cannot be stopped
     in once started: length, nesting depth, unclosed code fences, tables;
  2. a meter inside Python-Markdown: every block-parser step and every
     inline-pattern attempt is charged the characters it may have scanned and
     the elements it made, and the conversion stops once a budget is spent;
  3. checks of the finished tree (size, depth, siblings) before serializing;
  4. a cap on the tags and entities handed to the sanitizer, which then
     parses the document a few blocks at a time.

  The limits sit far above what help articles need: the tests render
  realistic articles of up to 200 KB, and every refusal says what to change.
  They were measured against Markdown 3.11, which fixed several quadratic
  loops of earlier releases. Layer 2 uses Python-Markdown's internals, so
  pyproject.toml allows 3.11 only; tests/test_markup_internals.py names
  what to re-check before allowing another minor version.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import markdown
from bleach import html5lib_shim
from bleach.sanitizer import Cleaner
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from django.utils.functional import Promise
    from markdown.blockparser import BlockParser

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "MAX_LENGTH",
    "MarkupTooComplex",
    "check_markdown",
    "render_markdown",
    "validate_markdown",
]

# ---------------------------------------------------------------------------
# What may appear in the output
# ---------------------------------------------------------------------------

#: Tags that survive sanitizing. No ``h1``: the article title is the page's
#: heading and bodies start at ``##`` (a ``#`` heading is demoted to ``h2``).
#: Nothing that runs, embeds, styles or submits: no script, style, iframe,
#: object, embed, form, svg, math, base or meta.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)

#: Attributes that survive, per tag; ``_allow_attribute`` checks their values
#: too. No ``style`` anywhere (tables align with ``align``), and no event
#: handler can pass: only the names listed here do.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "code": frozenset({"class"}),
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
    **{f"h{level}": frozenset({"id"}) for level in range(2, 7)},
}

#: URL schemes a link may use. Relative URLs (``/path``, ``path``, ``#frag``)
#: are allowed too. Images are stricter: http, https or relative, never data.
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
_IMAGE_PROTOCOLS: frozenset[str] = frozenset({"http", "https"})

#: Every link gets this ``rel``: authors are not vouched for, and a page they
#: link to must not get a handle on the help center's window.
LINK_REL = "nofollow noopener"

# ---------------------------------------------------------------------------
# Limits, each named after what it protects (see the module docstring).
# Timings are from a 2-core machine.
# ---------------------------------------------------------------------------

#: Longest accepted text, in characters.
MAX_LENGTH = 200_000

#: Deepest nesting of quotes and lists on one line: ``>`` and list markers
#: count one level each, and so do four columns of indentation. Python-
#: Markdown recurses per level and overflows the stack at about 100 levels,
#: which 300 bytes of ``1. `` reach; articles use a handful.
MAX_NESTING = 32

#: Lines starting with a code fence (three or more backticks or tildes).
MAX_FENCE_LINES = 4_000

#: The fenced-code extension searches from every opening fence to the end of
#: the text for its closing fence, about 10 ns a character. Bounds (fences
#: that may be unclosed) x (length): 10 million is 0.1 s.
MAX_UNCLOSED_FENCE_WORK = 10_000_000

#: Tables. Every row is padded to the width of the header, so a wide header
#: over many short lines would make millions of cells out of a few KB.
MAX_TABLE_COLUMNS = 64
MAX_TABLE_CELLS = 10_000

#: Characters Python-Markdown may scan, as charged by the meter (layer 2).
#: The costliest patterns take 60 ns per unit (link brackets), so this stops
#: a conversion within about 0.15 s; a realistic 200 KB article needs a
#: tenth of it.
MAX_SCAN_WORK = 2_000_000

#: Elements made (block-parser steps, inline elements, tree elements, inline
#: HTML): each costs some 10 microseconds to make and serialize and again as
#: much to sanitize. A realistic 200 KB article has about 6,000.
MAX_ELEMENTS = 15_000
#: A heading costs several elements: the table-of-contents extension
#: serializes it again to make its id.
_HEADING_ELEMENTS = 4

#: Nesting depth of the finished tree. html5lib scans its list of open
#: formatting elements on every new one, so deep emphasis is quadratic.
MAX_TREE_DEPTH = 100

#: Sum over elements of the square of their number of children: html5lib's
#: tree walker finds a node among its siblings by a linear search, so a list
#: of 8,000 linked items takes it seconds. Top-level blocks are exempt, see
#: ``_sanitize``. Two million is a few hundredths of a second.
MAX_SIBLING_WORK = 1_000_000

#: Tags plus entities handed to the sanitizer (``<`` and ``&`` in the HTML):
#: html5lib spends 5 to 15 microseconds on each.
MAX_HTML_TOKENS = 20_000

#: Inline HTML tags kept as HTML (see ``_InlineHtmlProcessor``). Misnested
#: tags make html5lib walk its stack of open elements for each end tag.
MAX_INLINE_HTML_TAGS = 1_000

#: Rebuilding the text around a successful inline match copies it, in C,
#: about this many times faster than the scanning the meter counts.
_COPY_DIVISOR = 256

#: The sanitizer parses this many top-level blocks at a time.
_SANITIZE_BATCH = 64


class MarkupTooComplex(ValueError):
    """Raised for input that would be too costly to render.

    ``message`` is translatable and may hold ``%(name)s`` placeholders filled
    from ``params``; ``code`` is the code validate_markdown gives its
    ValidationError. ``str(error)`` is the message in the active language.
    """

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str = "markup_too_complex",
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params or {}

    def __str__(self) -> str:
        message = str(self.message)
        return message % self.params if self.params else message


def _too_complex(message: str | Promise, **params: Any) -> MarkupTooComplex:
    return MarkupTooComplex(message, params=params)


# ---------------------------------------------------------------------------
# Layer 1: a linear scan of the source
# ---------------------------------------------------------------------------

_FENCE_LINE = re.compile(r"^(?P<fence>~{3,}|`{3,})[^\n]*", re.MULTILINE)

# A line can only be nested deeper than MAX_NESTING if it starts with more
# than MAX_NESTING characters that indent or mark a quote or list item: each
# level takes at least one. Only such lines are examined closely.
_DEEP_LINE = re.compile(rf"^[ >*+\-0-9.)]{{{MAX_NESTING + 1},}}[^\n]*", re.MULTILINE)
_CONTAINER_MARKER = re.compile(r"[ ]*(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ ]|$))")
# "- - -" and "* * *" are horizontal rules, not three nested lists.
_HORIZONTAL_RULE = re.compile(r"[ ]*([-*_])(?:[ ]*\1){2,}[ ]*")

# A table's separator row, after any quote markers: only pipes, colons,
# dashes and spaces, with at least one pipe.
_TABLE_SEPARATOR = re.compile(r"^[ >]*(?P<row>[|:\- ]*\|[|:\- ]*)$", re.MULTILINE)
# The end of a table: a blank line (a ">" alone is blank inside a quote).
_BLANK_LINE = re.compile(r"\n[ >]*(?:\n|$)")


def _normalize(text: str) -> str:
    """Line endings and tabs as Python-Markdown sees them."""
    # NUL never reaches a page (browsers read it as U+FFFD); replacing it
    # here also frees it to separate blocks, see _sanitize.
    text = text.replace("\x00", "\ufffd")
    return text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _nesting_depth(line: str) -> int:
    """Quote and list levels opened on this line, indentation included."""
    if _HORIZONTAL_RULE.fullmatch(line):
        return 0
    content = line.lstrip(" ")
    depth = (len(line) - len(content)) // 4
    position = 0
    while marker := _CONTAINER_MARKER.match(content, position):
        depth += 1
        position = marker.end()
    return depth


def _check_fences(text: str) -> None:
    fences = [(match["fence"], match[0]) for match in _FENCE_LINE.finditer(text)]
    if len(fences) > MAX_FENCE_LINES:
        raise _too_complex(
            _(
                "There are too many code fences: %(count)d lines start with ``` "
                "or ~~~, the limit is %(limit)d."
            ),
            count=len(fences),
            limit=MAX_FENCE_LINES,
        )
    # A fence that no later line closes (the same fence alone on its line)
    # costs a scan to the end. Counting from the end gives an upper bound
    # without pairing the fences: it also counts the last closing fence of
    # each kind, which is harmless (articles use one or two kinds).
    later_closers: set[str] = set()
    unclosed = 0
    for fence, line in reversed(fences):
        if fence not in later_closers:
            unclosed += 1
        if line.rstrip(" ") == fence:
            later_closers.add(fence)
    if unclosed * len(text) > MAX_UNCLOSED_FENCE_WORK:
        raise _too_complex(
            _(
                "Too many code fences are never closed. Close each ``` or ~~~ "
                "with a line holding the same fence, or remove it."
            )
        )


def _check_nesting(text: str) -> None:
    for match in _DEEP_LINE.finditer(text):
        depth = _nesting_depth(match[0])
        if depth > MAX_NESTING:
            raise _too_complex(
                _(
                    "Lists, quotes or indentation are nested too deeply on line "
                    "%(line)d: %(depth)d levels, the limit is %(limit)d."
                ),
                line=_line_number(text, match.start()),
                depth=depth,
                limit=MAX_NESTING,
            )


def _check_tables(text: str) -> None:
    cells = 0
    table_end = -1
    for match in _TABLE_SEPARATOR.finditer(text):
        columns = match["row"].strip(" |").count("|") + 1
        if columns > MAX_TABLE_COLUMNS:
            raise _too_complex(
                _(
                    "The table on line %(line)d has too many columns: "
                    "%(columns)d, the limit is %(limit)d."
                ),
                line=_line_number(text, match.start()),
                columns=columns,
                limit=MAX_TABLE_COLUMNS,
            )
        # Separators in the same block share its end: search once per block.
        if match.start() >= table_end:
            blank = _BLANK_LINE.search(text, match.end())
            table_end = blank.start() if blank else len(text)
        rows = text.count("\n", match.start(), table_end) + 2  # with the header
        cells += columns * rows
        if cells > MAX_TABLE_CELLS:
            raise _too_complex(
                _("The tables are too large: the limit is %(limit)d cells."),
                limit=MAX_TABLE_CELLS,
            )


def _check_source(text: str) -> None:
    """Refuse, in linear time, what Python-Markdown cannot be stopped in."""
    _check_fences(text)
    _check_nesting(text)
    _check_tables(text)


# ---------------------------------------------------------------------------
# Layers 2 and 3: metering Python-Markdown
# ---------------------------------------------------------------------------


class _WorkMeter:
    """Counts the work of one conversion and stops it when over budget."""

    def __init__(self) -> None:
        self.scan_work = 0
        self.elements = 0
        self.inline_html_tags = 0

    def scanned(self, characters: int) -> None:
        self.scan_work += characters
        if self.scan_work > MAX_SCAN_WORK:
            raise _too_complex(
                _(
                    "The text is too complex to format. Look for long runs of "
                    "brackets, backticks, asterisks, underscores or text in "
                    "angle brackets, or split long paragraphs."
                )
            )

    def made(self, elements: int) -> None:
        self.elements += elements
        if self.elements > MAX_ELEMENTS:
            raise _too_complex(
                _(
                    "The text has too many parts (paragraphs, list items, "
                    "headings, links, formatting) to format: the limit is "
                    "%(limit)d."
                ),
                limit=MAX_ELEMENTS,
            )

    def kept_inline_html_tag(self) -> None:
        self.inline_html_tags += 1
        if self.inline_html_tags > MAX_INLINE_HTML_TAGS:
            raise _too_complex(
                _(
                    "The text uses too many HTML tags: the limit is %(limit)d. "
                    "Use Markdown instead."
                ),
                limit=MAX_INLINE_HTML_TAGS,
            )


class _MeteringBlockProcessor(BlockProcessor):
    """Registered first, so it sees every step of the block parser.

    At each step every block processor tests the remaining block (regular
    expression searches; the tables extension splits it into lines), so a
    step costs about the block's length, and a block consumed a line at a
    time (a run of headings, say) is quadratic.
    """

    def __init__(self, parser: BlockParser, meter: _WorkMeter) -> None:
        super().__init__(parser)
        self.meter = meter

    def test(self, parent: Element, block: str) -> bool:
        self.meter.scanned(len(block))
        self.meter.made(1)
        return False  # never runs: only measures

    def run(self, parent: Element, blocks: list[str]) -> bool | None:
        return False  # pragma: no cover - test() never accepts


def _meter_inline_processor(processor: InlineProcessor, meter: _WorkMeter) -> None:
    """Make this inline processor charge the meter for its work.

    The costly part of an inline pattern is a scan forward from where it
    matched: link text looks for its closing bracket and the URL for its
    closing parenthesis, a backtick for a closing run of backticks, emphasis
    for a closing delimiter. Python-Markdown does these in Python loops
    (getText, getLink, find_code_spans, search), which return where they
    stopped: wrapping them charges exactly what was scanned. A pattern
    without such a loop is charged what it may have scanned: its own span if
    it matched, the rest of the text if it failed.

    A success also makes elements, and the text around it is copied.
    Charging after each call overshoots the budget by at most one call, a
    scan of one paragraph at most.

    Only this instance is patched, and it serves a single conversion.
    """
    scanners_metered = False

    def metered_get_text(data: str, index: int) -> tuple[str, int, bool]:
        text, end, handled = get_text(data, index)
        meter.scanned(end - index)
        return text, end, handled

    def metered_get_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
        href, title, end, handled = get_link(data, index)
        if not data.startswith("(", index):
            pass  # no URL part: nothing was scanned
        elif handled and '"' not in data[index:end] and "'" not in data[index:end]:
            meter.scanned(end - index)  # stopped at the closing parenthesis
        else:
            # Unbalanced, or a quote (a title?) made it scan to the end and
            # then back up to an earlier parenthesis: it read everything.
            meter.scanned(len(data) - index)
        return href, title, end, handled

    def metered_find_code_spans(start: int, text: str) -> tuple[int, int | None]:
        code_start, code_end = find_code_spans(start, text)
        meter.scanned((len(text) if code_end is None else code_end) - start)
        return code_start, code_end

    def metered_search(data: str, start: int) -> re.Match[str] | None:
        found = search(data, start)
        meter.scanned((len(data) if found is None else found.start()) - start)
        return found

    if hasattr(processor, "getText") and hasattr(processor, "getLink"):
        get_text, get_link = processor.getText, processor.getLink
        processor.getText = metered_get_text  # type: ignore[attr-defined]
        processor.getLink = metered_get_link  # type: ignore[attr-defined]
        scanners_metered = True
    if hasattr(processor, "find_code_spans"):
        find_code_spans = processor.find_code_spans
        processor.find_code_spans = metered_find_code_spans  # type: ignore[attr-defined]
        scanners_metered = True
    if hasattr(processor, "search") and hasattr(processor, "delimiters"):
        search = processor.search
        processor.search = metered_search  # type: ignore[attr-defined]
        scanners_metered = True

    handle_match = processor.handleMatch

    def metered_handle_match(
        match: re.Match[str], data: str
    ) -> tuple[Any, int | None, int | None]:
        node, start, end = handle_match(match, data)
        if node is None or start is None or end is None:
            if not scanners_metered:
                meter.scanned(len(data) - match.start(0))
        else:
            meter.scanned(len(data) // _COPY_DIVISOR)
            if not scanners_metered:
                meter.scanned(end - match.start(0))
            meter.made(1 if isinstance(node, str) else sum(1 for _ in node.iter()))
        return node, start, end

    processor.handleMatch = metered_handle_match  # type: ignore[method-assign]


# Inline HTML that stays HTML: tags Markdown has no syntax for, and em,
# strong and code, which authors also type by hand. No attributes but
# abbr's title, so html5lib never sees the attribute-heavy or formatting-
# heavy tag soup that makes it slow.
_KEPT_INLINE_HTML = re.compile(
    r"""<(?:
        /?(?:abbr|br|code|del|em|kbd|strong)\s*/?
        |abbr\s+title\s*=\s*(?:"[^"<>]*"|'[^'<>]*')\s*
    )>""",
    re.IGNORECASE | re.VERBOSE,
)


class _InlineHtmlProcessor(HtmlInlineProcessor):
    """Python-Markdown's inline HTML, restricted to ``_KEPT_INLINE_HTML``.

    Any other tag is shown as typed (so ``<your-name>`` stays visible instead
    of vanishing) and comments are dropped. Bleach would strip the rest
    anyway; this keeps it from having to parse it.
    """

    def __init__(self, pattern: str, md: markdown.Markdown, meter: _WorkMeter) -> None:
        super().__init__(pattern, md)
        self.meter = meter

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        placeholder, start, end = super().handleMatch(m, data)
        stash = self.md.htmlStash.rawHtmlBlocks
        raw = str(stash[-1])  # what the call above stored
        if raw.startswith("<!--"):
            stash[-1] = ""
        elif _KEPT_INLINE_HTML.fullmatch(raw):
            self.meter.kept_inline_html_tag()
        else:
            stash[-1] = html.escape(raw, quote=False)
        return placeholder, start, end


class _TreeCheck(Treeprocessor):
    """After inline parsing: demote h1 and bound the tree about to be used.

    Runs before the table-of-contents extension, which serializes every
    heading again, and before serializing.
    """

    def __init__(self, md: markdown.Markdown, meter: _WorkMeter) -> None:
        super().__init__(md)
        self.meter = meter

    def run(self, root: Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        elements = len(stash)
        sibling_work = 0
        stack: list[tuple[Element, int]] = [(root, 0)]
        while stack:
            element, depth = stack.pop()
            elements += 1
            if element.tag == "h1":
                element.tag = "h2"
            if element.tag in {"h2", "h3", "h4", "h5", "h6"}:
                elements += _HEADING_ELEMENTS
            if depth > MAX_TREE_DEPTH:
                raise _too_complex(
                    _("The text is nested too deeply: the limit is %(limit)d levels."),
                    limit=MAX_TREE_DEPTH,
                )
            if element is not root:  # _sanitize parses top-level blocks apart
                # Inline HTML tags wait in the text as placeholders: they are
                # children too.
                texts = [element.text or "", *(child.tail or "" for child in element)]
                children = len(element) + sum(
                    str(stash[int(index)]).startswith("<")
                    for text in texts
                    for index in HTML_PLACEHOLDER_RE.findall(text)
                )
                sibling_work += children * children
            stack.extend((child, depth + 1) for child in element)
        if elements > MAX_ELEMENTS:
            raise _too_complex(
                _(
                    "The text has too many parts (paragraphs, list items, "
                    "headings, links, formatting) to format: the limit is "
                    "%(limit)d."
                ),
                limit=MAX_ELEMENTS,
            )
        if sibling_work > MAX_SIBLING_WORK:
            raise _too_complex(
                _(
                    "A list, table or paragraph has too many items. Split it into "
                    "shorter ones."
                )
            )


# Ends each top-level block of the converted HTML, see _sanitize. Authors
# cannot type it: _normalize replaces NUL.
_BLOCK_SEPARATOR = "\x00"


class _MarkBlocks(Treeprocessor):
    """Runs last: ends each top-level block with ``_BLOCK_SEPARATOR``."""

    def run(self, root: Element) -> None:
        for child in root:
            child.tail = (child.tail or "") + _BLOCK_SEPARATOR


def _build_markdown(meter: _WorkMeter) -> markdown.Markdown:
    """A fresh Markdown instance: instances keep state, and this one is metered."""
    md = markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists", "toc"],
        extension_configs={
            # align="..." instead of style="text-align: ...".
            "tables": {"use_align_attribute": True},
            # Heading ids only: no [TOC] marker (every copy of the table of
            # contents would multiply the output) and no permalinks.
            "toc": {"marker": "", "permalink": False},
        },
        output_format="html",
    )
    # Raw HTML blocks are found by a patched copy of the standard library's
    # HTML parser, quadratic on unclosed tags ("<a " repeated: seconds for
    # 20 KB). Without it HTML is only recognised inline, by a linear pattern.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.register(_InlineHtmlProcessor(HTML_RE, md, meter), "html", 90)
    for processor in md.inlinePatterns:
        if isinstance(processor, InlineProcessor):
            _meter_inline_processor(processor, meter)
    md.parser.blockprocessors.register(
        _MeteringBlockProcessor(md.parser, meter), "metering", 1_000
    )
    # After "inline" (20); before "toc" (5), so a demoted h1 gets an id.
    md.treeprocessors.register(_TreeCheck(md, meter), "tree_check", 19)
    md.treeprocessors.register(_MarkBlocks(md), "mark_blocks", -100)
    return md


def _convert(text: str) -> str:
    """Markdown to unsanitized HTML, refusing what would cost too much."""
    if len(text) > MAX_LENGTH:
        raise MarkupTooComplex(
            _("The text is too long: %(length)d characters, the limit is %(limit)d."),
            code="markup_too_long",
            params={"length": len(text), "limit": MAX_LENGTH},
        )
    text = _normalize(text)
    _check_source(text)
    try:
        converted = _build_markdown(_WorkMeter()).convert(text)
    except RecursionError as error:
        # A backstop: layer 1 bounds the block nesting Python-Markdown
        # recurses on, and the meter stops nested inline markup much earlier.
        raise _too_complex(_("The text is nested too deeply to format.")) from error
    tokens = converted.count("<") + converted.count("&")
    if tokens > MAX_HTML_TOKENS:
        raise _too_complex(
            _(
                "The formatted text would be too large: %(count)d tags and "
                "entities, the limit is %(limit)d."
            ),
            count=tokens,
            limit=MAX_HTML_TOKENS,
        )
    return converted


# ---------------------------------------------------------------------------
# Sanitizing
# ---------------------------------------------------------------------------

# ASCII whitespace and control characters: browsers drop tabs and newlines
# anywhere in a URL and ignore the rest around it.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_URL_FIRST_SEGMENT = re.compile(r"[^/?#]*")

_CODE_CLASS = re.compile(r"language-[a-z0-9][a-z0-9_+#.\-]{0,39}", re.IGNORECASE)
_HEADING_ID = re.compile(r"[a-z0-9_\-]{1,200}")
_ALIGNMENTS = frozenset({"left", "right", "center"})
_DIMENSION = re.compile(r"[0-9]{1,5}")


def _is_safe_url(value: str, schemes: frozenset[str]) -> bool:
    """Is this an absolute URL with one of these schemes, or a relative URL?

    Judged as a browser reads it: entities decoded (repeatedly, so double
    encoding hides nothing either), whitespace and control characters
    removed, lower case. Bleach checks the protocol afterwards, but alone it
    lets some obfuscated ``javascript:`` URLs through.
    """
    url = value
    for _attempt in range(3):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    url = _URL_IGNORED.sub("", url).lower()
    scheme = _URL_SCHEME.match(url)
    if scheme:
        return scheme[1] in schemes
    # No colon in the first segment of a relative URL (RFC 3986, 4.2): a
    # browser could read what precedes it as a scheme.
    first_segment = _URL_FIRST_SEGMENT.match(url)
    return first_segment is not None and ":" not in first_segment[0]


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Bleach's attribute filter: the allowlist, then a rule per value."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name == "href":
        return _is_safe_url(value, ALLOWED_PROTOCOLS)
    if name == "src":
        return _is_safe_url(value, _IMAGE_PROTOCOLS)
    if name == "class":  # only on code, from fenced code blocks
        return _CODE_CLASS.fullmatch(value) is not None
    if name == "id":  # only on headings, from the toc extension
        return _HEADING_ID.fullmatch(value) is not None
    if name == "align":
        return value.lower() in _ALIGNMENTS
    if name in {"width", "height"}:
        return _DIMENSION.fullmatch(value) is not None
    return True  # title and alt: text, escaped by the serializer


class _LinkRelFilter(html5lib_shim.Filter):
    """Sets ``rel`` on every link. Runs after bleach's sanitizing filter."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token["name"] == "a":
                token["data"][(None, "rel")] = LINK_REL
            yield token


def _sanitize(converted: str) -> str:
    """Bleach the HTML, ``_SANITIZE_BATCH`` top-level blocks at a time.

    html5lib's tree walker locates a node among its siblings by a linear
    search, so one parse of thousands of top-level blocks is quadratic;
    batches keep it linear. They also stop an unclosed inline tag at the end
    of its batch.
    """
    cleaner = Cleaner(  # not thread-safe, says bleach: one per call
        tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_LinkRelFilter],
    )
    blocks = converted.split(_BLOCK_SEPARATOR)
    return "".join(
        cleaner.clean("".join(blocks[start : start + _SANITIZE_BATCH]))
        for start in range(0, len(blocks), _SANITIZE_BATCH)
    ).strip()


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def check_markdown(text: str) -> None:
    """Raise MarkupTooComplex if render_markdown would refuse this text.

    It runs exactly the checks render_markdown runs. Most are done before
    Python-Markdown starts, but the meter works inside it, so this converts
    the text too; it only skips sanitizing.
    """
    _convert(text)


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML, which may be marked safe.

    Raises MarkupTooComplex, early, for text that would be too costly to
    render: the checks of check_markdown come first. validate_markdown keeps
    such text out of the database.
    """
    return _sanitize(_convert(text))


def validate_markdown(value: str) -> None:
    """Django validator: refuse Markdown that render_markdown would refuse."""
    try:
        check_markdown(value)
    except MarkupTooComplex as error:
        raise ValidationError(
            error.message, code=error.code, params=error.params or None
        ) from error


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|pre|blockquote|td|th)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(rendered_html: str) -> str:
    """The words of rendered (already safe) HTML, for search and snippets.

    Angle brackets written as text (a code sample's "<script>") become
    spaces: PostgreSQL's headline parser would take them for tags.
    """
    text = _BLOCK_END.sub(" ", rendered_html)
    text = html.unescape(_TAG.sub("", text)).replace("<", " ").replace(">", " ")
    return _SPACE.sub(" ", text).strip()
