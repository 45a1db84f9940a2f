"""Layer 1 of the guard (see the package docstring): the limits, the error
that names them, and a linear scan of the source for what Python-Markdown
cannot be stopped in once started."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

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
HEADING_ELEMENTS = 4

#: Nesting depth of the finished tree. html5lib scans its list of open
#: formatting elements on every new one, so deep emphasis is quadratic.
MAX_TREE_DEPTH = 100

#: Sum over elements of the square of their number of children: html5lib's
#: tree walker finds a node among its siblings by a linear search, so a list
#: of 8,000 linked items takes it seconds. Top-level blocks are exempt, see
#: ``sanitize``. Two million is a few hundredths of a second.
MAX_SIBLING_WORK = 1_000_000

#: Tags plus entities handed to the sanitizer (``<`` and ``&`` in the HTML):
#: html5lib spends 5 to 15 microseconds on each.
MAX_HTML_TOKENS = 20_000

#: Inline HTML tags kept as HTML (see ``InlineHtmlProcessor``). Misnested
#: tags make html5lib walk its stack of open elements for each end tag.
MAX_INLINE_HTML_TAGS = 1_000


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


def too_complex(message: str | Promise, **params: Any) -> MarkupTooComplex:
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


def normalize(text: str) -> str:
    """Line endings and tabs as Python-Markdown sees them."""
    # NUL never reaches a page (browsers read it as U+FFFD); replacing it
    # here also frees it to separate blocks, see sanitize.
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
        raise too_complex(
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
        raise too_complex(
            _(
                "Too many code fences are never closed. Close each ``` or ~~~ "
                "with a line holding the same fence, or remove it."
            )
        )


def _check_nesting(text: str) -> None:
    for match in _DEEP_LINE.finditer(text):
        depth = _nesting_depth(match[0])
        if depth > MAX_NESTING:
            raise too_complex(
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
            raise too_complex(
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
            raise too_complex(
                _("The tables are too large: the limit is %(limit)d cells."),
                limit=MAX_TABLE_CELLS,
            )


def check_source(text: str) -> None:
    """Refuse, in linear time, what Python-Markdown cannot be stopped in."""
    _check_fences(text)
    _check_nesting(text)
    _check_tables(text)
