"""What may appear in the output, and bleach to enforce it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bleach import html5lib_shim
from bleach.sanitizer import Cleaner

if TYPE_CHECKING:
    pass

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

#: The sanitizer parses this many top-level blocks at a time.
_SANITIZE_BATCH = 64

# Ends each top-level block of the converted HTML, see sanitize. Authors
# cannot type it: normalize replaces NUL.
BLOCK_SEPARATOR = "\x00"


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


def sanitize(converted: str) -> str:
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
    blocks = converted.split(BLOCK_SEPARATOR)
    return "".join(
        cleaner.clean("".join(blocks[start : start + _SANITIZE_BATCH]))
        for start in range(0, len(blocks), _SANITIZE_BATCH)
    ).strip()
