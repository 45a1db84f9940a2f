"""What helpcenter/markup/ relies on inside Python-Markdown.

The markup package meters Python-Markdown from the inside (its layer 2): it
replaces a preprocessor and an inline pattern by name, registers processors
of its own at chosen priorities, subclasses processor classes and wraps the
scanning methods of inline processors. None of that is public API, so
pyproject.toml pins Markdown to the minor version the package was written
and measured against, and these tests fail, naming what changed, when a
release moves any of it.
"""

import inspect
import re
import tomllib
from pathlib import Path

import markdown
import pytest
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import (
    HTML_RE,
    BacktickInlineProcessor,
    DelimiterProcessor,
    HtmlInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from packaging.requirements import Requirement
from packaging.version import Version

from helpcenter.markup import metering

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["fenced_code", "tables", "sane_lists", "toc"]


def recheck(what: str) -> str:
    return (
        f"Python-Markdown {markdown.__version__} changed {what}, which "
        "helpcenter/markup/ hooks into. Re-check it against this "
        "release (its processors, the meter, and the limits measured with "
        "scripts/bench_markup.py) before widening the Markdown pin in "
        "pyproject.toml."
    )


def stock_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS)


@pytest.mark.parametrize(
    ("function", "parameters"),
    [
        (BlockProcessor.__init__, ["self", "parser"]),
        (BlockProcessor.test, ["self", "parent", "block"]),
        (BlockProcessor.run, ["self", "parent", "blocks"]),
        (Treeprocessor.__init__, ["self", "md"]),
        (Treeprocessor.run, ["self", "root"]),
        (HtmlInlineProcessor.__init__, ["self", "pattern", "md"]),
        (HtmlInlineProcessor.handleMatch, ["self", "m", "data"]),
        (InlineProcessor.handleMatch, ["self", "m", "data"]),
        (LinkInlineProcessor.getText, ["self", "data", "index"]),
        (LinkInlineProcessor.getLink, ["self", "data", "index"]),
        (BacktickInlineProcessor.find_code_spans, ["self", "start", "text"]),
        (DelimiterProcessor.search, ["self", "data", "start"]),
    ],
    ids=lambda value: getattr(value, "__qualname__", None),
)
def test_what_markup_subclasses_and_wraps_keeps_its_signature(function, parameters):
    found = list(inspect.signature(function).parameters)

    assert found == parameters, recheck(f"the signature of {function.__qualname__}")


def test_the_stock_processors_markup_replaces_are_where_it_expects():
    md = stock_markdown()

    assert "html_block" in md.preprocessors, recheck("the 'html_block' preprocessor")
    assert "html" in md.inlinePatterns, recheck("the 'html' inline pattern")
    html = md.inlinePatterns["html"]
    assert type(html) is HtmlInlineProcessor, recheck("the 'html' inline pattern")
    assert html.pattern == HTML_RE, recheck("HTML_RE or the 'html' inline pattern")
    assert issubclass(HtmlInlineProcessor, InlineProcessor), recheck(
        "HtmlInlineProcessor's base class"
    )
    tree = md.treeprocessors
    assert "inline" in tree and "toc" in tree, recheck("the tree processors' names")
    assert tree.get_index_for_name("inline") < tree.get_index_for_name("toc"), recheck(
        "the order of the 'inline' and 'toc' tree processors"
    )


def test_markup_processors_run_where_markup_puts_them():
    stock = stock_markdown()
    md = metering.build_markdown(metering.WorkMeter())
    tree = md.treeprocessors
    blocks = md.parser.blockprocessors

    assert "html_block" not in md.preprocessors
    assert isinstance(md.inlinePatterns["html"], metering.InlineHtmlProcessor)
    assert md.inlinePatterns.get_index_for_name(
        "html"
    ) == stock.inlinePatterns.get_index_for_name("html"), recheck(
        "the priority of the 'html' inline pattern (90)"
    )
    assert blocks.get_index_for_name("metering") == 0, recheck(
        "the block processors' priorities: 'metering' (1000) must run first"
    )
    order = [tree.get_index_for_name(n) for n in ("inline", "tree_check", "toc")]
    assert order == sorted(order), recheck(
        "the tree processors' priorities: 'tree_check' (19) must run after "
        "'inline' and before 'toc'"
    )
    assert tree.get_index_for_name("mark_blocks") == len(tree) - 1, recheck(
        "the tree processors' priorities: 'mark_blocks' (-100) must run last"
    )


def test_markup_meters_the_scanning_loops_of_the_inline_patterns():
    meter = metering.WorkMeter()
    md = metering.build_markdown(meter)
    metered = {
        name: sorted(
            attribute
            for attribute in ("getText", "getLink", "find_code_spans", "search")
            if getattr(getattr(processor, attribute, None), "__name__", "").startswith(
                "metered_"
            )
        )
        for name, processor in (
            (name, md.inlinePatterns[name])
            for name in ("link", "backtick", "em_strong")
        )
    }

    assert metered == {
        "link": ["getLink", "getText"],
        "backtick": ["find_code_spans"],
        "em_strong": ["search"],
    }, recheck("the inline processors' scanning methods (getText, getLink, ...)")
    try:
        md.convert("[a link](https://example.com) `code` *em* ![i](/i.png)")
    except (TypeError, ValueError) as error:
        pytest.fail(f"{recheck('what the scanning methods return')} ({error!r})")
    assert meter.scan_work > 0
    assert meter.elements > 0


def test_inline_html_goes_through_the_stash_markup_edits():
    md = stock_markdown()
    md.preprocessors.deregister("html_block")

    md.convert("a <b>bold</b> <!-- note -->")

    assert md.htmlStash.rawHtmlBlocks == ["<b>", "</b>", "<!-- note -->"], recheck(
        "how HtmlInlineProcessor stores raw HTML (htmlStash.rawHtmlBlocks)"
    )
    assert HTML_PLACEHOLDER_RE.findall(md.htmlStash.get_placeholder(3)) == ["3"], (
        recheck("HTML_PLACEHOLDER_RE (one group: the stash index)")
    )


def test_markdown_is_pinned_to_the_minor_version_markup_was_checked_against():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (pin,) = (
        Requirement(spec).specifier
        for spec in project["dependencies"]
        if re.match(r"markdown\b", spec, re.IGNORECASE)
    )
    installed = Version(markdown.__version__)
    major, minor = installed.major, installed.minor

    assert installed in pin
    assert Version(f"{major}.{minor}.0") in pin
    assert Version(f"{major}.{minor + 1}.0") not in pin
    assert Version(f"{major}.{minor - 1}.99") not in pin
