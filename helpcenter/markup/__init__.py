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

The package: ``limits`` holds the limits and layer 1, ``metering`` layers 2
and 3 (the converter), ``sanitize`` the allowlists and layer 4; this module
is the API.
"""

from __future__ import annotations

import html
import re

from django.core.exceptions import ValidationError

from .limits import MAX_LENGTH, MarkupTooComplex
from .metering import convert
from .sanitize import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, sanitize

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "MAX_LENGTH",
    "MarkupTooComplex",
    "check_markdown",
    "plain_text",
    "render_markdown",
    "validate_markdown",
]


def check_markdown(text: str) -> None:
    """Raise MarkupTooComplex if render_markdown would refuse this text.

    It runs exactly the checks render_markdown runs. Most are done before
    Python-Markdown starts, but the meter works inside it, so this converts
    the text too; it only skips sanitizing.
    """
    convert(text)


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML, which may be marked safe.

    Raises MarkupTooComplex, early, for text that would be too costly to
    render: the checks of check_markdown come first. validate_markdown keeps
    such text out of the database.
    """
    return sanitize(convert(text))


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
