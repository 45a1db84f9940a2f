import html
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from helpcenter.markup import (
    ALLOWED_TAGS,
    MarkupTooComplex,
    render_markdown,
    validate_markdown,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script>alert(1)",
    "<img src=x onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x\nonerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript:1)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#14;javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object>",
    "<embed src=x>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<form action=https://evil.example><input name=p></form>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href=https://evil.example/>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<img src=x onerror=alert(1)>-->",
    '![a" onerror="alert(1)](x.png)',
    '[x](https://example.com "a\\" onmouseover=\\"alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
]

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_harmless(output: str) -> None:
    assert "<script" not in output.lower()
    collector = Collector()
    collector.feed(output)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            assert name.lower() != "style", tag
            if name in {"href", "src"}:
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
                assert scheme is None or scheme.group(1) in SAFE_SCHEMES, url


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_rendered_harmless(text):
    assert_harmless(render_markdown(text))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_inside_markdown_structures_is_harmless(text):
    assert_harmless(render_markdown(f"## Title\n\n- item {text}\n\n> {text}\n"))


def test_headings_get_anchors_and_no_h1_survives():
    output = render_markdown("# Big\n\n## Chat Support\n\n### Tips")

    assert "<h1" not in output
    assert '<h2 id="chat-support">Chat Support</h2>' in output
    assert '<h3 id="tips">Tips</h3>' in output


def test_tables_and_fenced_code_render():
    output = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```"
    )

    assert "<table>" in output and "<td>1</td>" in output
    assert 'class="language-python"' in output


def test_links_get_rel_and_safe_schemes_survive():
    output = render_markdown(
        "[a](https://example.com) [m](mailto:help@example.com) "
        "[t](tel:+18888808430) [r](/support/)"
    )

    assert 'href="https://example.com"' in output
    assert 'href="mailto:help@example.com"' in output
    assert 'href="tel:+18888808430"' in output
    assert 'href="/support/"' in output
    assert output.count('rel="nofollow noopener"') == 4


def test_images_with_http_or_relative_sources_keep_their_alt():
    output = render_markdown("![The SID](/media/articles/sid.png)")

    assert '<img alt="The SID" src="/media/articles/sid.png"' in output or (
        'src="/media/articles/sid.png"' in output and 'alt="The SID"' in output
    )


PATHOLOGICAL = {
    "nested quotes": "> " * 600,
    "nested ordered lists": "1. " * 600,
    "indented lists": "".join("  " * i + "- x\n" for i in range(400)),
    "brackets": "[" * 20_000,
    "link openers": "[a](" * 5_000,
    "anchor tags": "<a " * 5_000,
    "backticks": "`" * 20_000,
    "angle brackets": "<" * 50_000,
    "stars": "*" * 50_000,
    "underscores": "_a" * 25_000,
    "image openers": "![" * 10_000,
    "unclosed emphasis": "*a " * 20_000,
    "long line of text": "word " * 39_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_rendering_is_bounded(text):
    # Each finishes, either rendered harmless or refused with a reason; how
    # long they take is measured by `make bench` (scripts/bench_markup.py).
    try:
        output = render_markdown(text)
    except MarkupTooComplex as error:
        assert str(error)
    else:
        assert_harmless(output)


def test_deep_nesting_is_refused_not_a_recursion_error():
    with pytest.raises(MarkupTooComplex):
        render_markdown("> " * 600)


def test_over_200_kb_is_refused():
    with pytest.raises(MarkupTooComplex, match="too long"):
        render_markdown("a" * 200_001)


def test_validate_markdown_gives_form_errors_with_codes():
    with pytest.raises(ValidationError) as too_long:
        validate_markdown("a" * 200_001)
    with pytest.raises(ValidationError) as too_complex:
        validate_markdown("1. " * 600)

    assert too_long.value.code == "markup_too_long"
    assert too_complex.value.code == "markup_too_complex"
    validate_markdown("## Fine\n\nA normal article.")


def test_a_large_realistic_article_still_renders():
    section = (
        "## Payments\n\nYour **payment** is sent on the 15th. See "
        "[the schedule](https://example.com/schedule).\n\n"
        "| Month | Amount |\n|---|---|\n| May | $50 |\n\n"
        "```text\nhttps://click.example.com/deeplink?id=1&murl=[x]\n```\n\n"
        "- one\n- two\n  - nested\n\n"
    )
    text = section * 500

    assert len(text) < 200_000
    output = render_markdown(text)
    assert output.count("<table>") == 500
