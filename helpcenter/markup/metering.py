"""Layers 2 and 3 of the guard (see the package docstring): Python-Markdown
with a meter on its block parser and inline patterns, and checks of the
finished tree before it is serialized."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

import markdown
from django.utils.translation import gettext_lazy as _
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from markdown.blockparser import BlockParser

from .limits import (
    HEADING_ELEMENTS,
    MAX_ELEMENTS,
    MAX_HTML_TOKENS,
    MAX_INLINE_HTML_TAGS,
    MAX_LENGTH,
    MAX_SCAN_WORK,
    MAX_SIBLING_WORK,
    MAX_TREE_DEPTH,
    MarkupTooComplex,
    check_source,
    normalize,
    too_complex,
)
from .sanitize import BLOCK_SEPARATOR

#: Rebuilding the text around a successful inline match copies it, in C,
#: about this many times faster than the scanning the meter counts.
_COPY_DIVISOR = 256


class WorkMeter:
    """Counts the work of one conversion and stops it when over budget."""

    def __init__(self) -> None:
        self.scan_work = 0
        self.elements = 0
        self.inline_html_tags = 0

    def scanned(self, characters: int) -> None:
        self.scan_work += characters
        if self.scan_work > MAX_SCAN_WORK:
            raise too_complex(
                _(
                    "The text is too complex to format. Look for long runs of "
                    "brackets, backticks, asterisks, underscores or text in "
                    "angle brackets, or split long paragraphs."
                )
            )

    def made(self, elements: int) -> None:
        self.elements += elements
        if self.elements > MAX_ELEMENTS:
            raise too_complex(
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
            raise too_complex(
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

    def __init__(self, parser: BlockParser, meter: WorkMeter) -> None:
        super().__init__(parser)
        self.meter = meter

    def test(self, parent: Element, block: str) -> bool:
        self.meter.scanned(len(block))
        self.meter.made(1)
        return False  # never runs: only measures

    def run(self, parent: Element, blocks: list[str]) -> bool | None:
        return False  # pragma: no cover - test() never accepts


def _meter_inline_processor(processor: InlineProcessor, meter: WorkMeter) -> None:
    """Make this inline processor charge the meter for its work.

    The costly part of an inline pattern is a scan forward from where it
    matched: link text looks for its closing bracket and the URL for its
    closing parenthesis, a backtick for a closing run of backticks, emphasis
    for a closing delimiter. Python-Markdown does these in Python loops
    (getText, getLink, find_code_spans, search), which return where they
    stopped: wrapping them charges exactly what was scanned
    (``_meter_scanners``). A pattern without such a loop is charged what it
    may have scanned: its own span if it matched, the rest of the text if it
    failed.

    A success also makes elements, and the text around it is copied.
    Charging after each call overshoots the budget by at most one call, a
    scan of one paragraph at most.

    Only this instance is patched, and it serves a single conversion.
    """
    scanners_metered = _meter_scanners(processor, meter)
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


def _meter_scanners(processor: InlineProcessor, meter: WorkMeter) -> bool:
    """Wrap the processor's scanning loops, if it has any, to charge what
    each call scanned; say whether it had any."""
    metered = False
    if hasattr(processor, "getText") and hasattr(processor, "getLink"):
        get_text, get_link = processor.getText, processor.getLink

        def metered_get_text(data: str, index: int) -> tuple[str, int, bool]:
            text, end, handled = get_text(data, index)
            meter.scanned(end - index)
            return text, end, handled

        def metered_get_link(
            data: str, index: int
        ) -> tuple[str, str | None, int, bool]:
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

        processor.getText = metered_get_text  # type: ignore[attr-defined]
        processor.getLink = metered_get_link  # type: ignore[attr-defined]
        metered = True
    if hasattr(processor, "find_code_spans"):
        find_code_spans = processor.find_code_spans

        def metered_find_code_spans(start: int, text: str) -> tuple[int, int | None]:
            code_start, code_end = find_code_spans(start, text)
            meter.scanned((len(text) if code_end is None else code_end) - start)
            return code_start, code_end

        processor.find_code_spans = metered_find_code_spans  # type: ignore[attr-defined]
        metered = True
    if hasattr(processor, "search") and hasattr(processor, "delimiters"):
        search = processor.search

        def metered_search(data: str, start: int) -> re.Match[str] | None:
            found = search(data, start)
            meter.scanned((len(data) if found is None else found.start()) - start)
            return found

        processor.search = metered_search  # type: ignore[attr-defined]
        metered = True
    return metered


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


class InlineHtmlProcessor(HtmlInlineProcessor):
    """Python-Markdown's inline HTML, restricted to ``_KEPT_INLINE_HTML``.

    Any other tag is shown as typed (so ``<your-name>`` stays visible instead
    of vanishing) and comments are dropped. Bleach would strip the rest
    anyway; this keeps it from having to parse it.
    """

    def __init__(self, pattern: str, md: markdown.Markdown, meter: WorkMeter) -> None:
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

    def __init__(self, md: markdown.Markdown, meter: WorkMeter) -> None:
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
                elements += HEADING_ELEMENTS
            if depth > MAX_TREE_DEPTH:
                raise too_complex(
                    _("The text is nested too deeply: the limit is %(limit)d levels."),
                    limit=MAX_TREE_DEPTH,
                )
            if element is not root:  # sanitize parses top-level blocks apart
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
            raise too_complex(
                _(
                    "The text has too many parts (paragraphs, list items, "
                    "headings, links, formatting) to format: the limit is "
                    "%(limit)d."
                ),
                limit=MAX_ELEMENTS,
            )
        if sibling_work > MAX_SIBLING_WORK:
            raise too_complex(
                _(
                    "A list, table or paragraph has too many items. Split it into "
                    "shorter ones."
                )
            )


class _MarkBlocks(Treeprocessor):
    """Runs last: ends each top-level block with ``BLOCK_SEPARATOR``."""

    def run(self, root: Element) -> None:
        for child in root:
            child.tail = (child.tail or "") + BLOCK_SEPARATOR


def build_markdown(meter: WorkMeter) -> markdown.Markdown:
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
    md.inlinePatterns.register(InlineHtmlProcessor(HTML_RE, md, meter), "html", 90)
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


def convert(text: str) -> str:
    """Markdown to unsanitized HTML, refusing what would cost too much."""
    if len(text) > MAX_LENGTH:
        raise MarkupTooComplex(
            _("The text is too long: %(length)d characters, the limit is %(limit)d."),
            code="markup_too_long",
            params={"length": len(text), "limit": MAX_LENGTH},
        )
    text = normalize(text)
    check_source(text)
    try:
        converted = build_markdown(WorkMeter()).convert(text)
    except RecursionError as error:
        # A backstop: layer 1 bounds the block nesting Python-Markdown
        # recurses on, and the meter stops nested inline markup much earlier.
        raise too_complex(_("The text is nested too deeply to format.")) from error
    tokens = converted.count("<") + converted.count("&")
    if tokens > MAX_HTML_TOKENS:
        raise too_complex(
            _(
                "The formatted text would be too large: %(count)d tags and "
                "entities, the limit is %(limit)d."
            ),
            count=tokens,
            limit=MAX_HTML_TOKENS,
        )
    return converted
