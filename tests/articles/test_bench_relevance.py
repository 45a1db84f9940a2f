"""The relevance benchmark, on a tiny documentation tree of its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.management import pydocs
from articles.management.commands.bench_relevance import scores
from articles.models import Article

PAGE = """<html><body><div class="sphinxsidebar">Navigation</div>
<div class="body" role="main"><section>
<h1>{title}<a class="headerlink" href="#x">¶</a></h1>
<p>{text}</p>
<h2>Functions</h2>
<dl><dt>{name}(value)</dt><dd><p>Does *this* with a [value].</p></dd></dl>
<pre>print({name}(1))</pre>
</section></div></body></html>"""
FAQ = """<html><body><div class="body" role="main">
<section id="one"><h3><a class="toc-backref" href="#id1">How do I send mail?</a></h3>
<p>Use <a href="../library/smtplib.html#smtplib.SMTP">smtplib</a>.</p></section>
<section id="two"><h3>Why not?</h3><p>No link to a page of ours.</p></section>
<section id="three"><h3>Where are mailboxes kept?</h3>
<p>See <a href="../library/mailbox.html?highlight=x#mailbox.Maildir">Maildir</a>,
<a href="https://example.com/mailbox.html">elsewhere</a>, <a href="#one">above</a>
and <a href="../reference/datamodel.html">the reference</a>.</p></section>
</div><div class="sphinxsidebar"><a href="../library/json.html">Next</a></div>
</body></html>"""
GLOSSARY = """<dl><dt id="term-mailbox">mailbox<a class="headerlink">¶</a></dt>
<dd><p>See <a href="library/mailbox.html#m">mailbox</a>.</p></dd></dl>"""


@pytest.fixture
def docs(tmp_path, monkeypatch):
    for part in ["library", "tutorial", "howto", "faq"]:
        (tmp_path / part).mkdir()
    pages = {
        "smtplib": ("smtplib — SMTP protocol client", "Send mail with SMTP.", "send"),
        "mailbox": (
            "mailbox — Manipulate mailboxes",
            'Mailboxes on disk; <a href="smtplib.html#s">sent</a> by'
            ' <a href="../library/smtplib.html">SMTP</a>, <a href="#m">here</a>,'
            ' <a href="../reference/x.html">elsewhere</a>.',
            "lock",
        ),
        # BM25 needs three pages: with two, a word in one has no weight.
        "json": ("json — JSON encoder and decoder", "Objects as text.", "dumps"),
    }
    for name, (title, text, function) in pages.items():
        (tmp_path / "library" / f"{name}.html").write_text(
            PAGE.format(title=title, text=text, name=function)
        )
    (tmp_path / "faq" / "library.html").write_text(FAQ)
    (tmp_path / "glossary.html").write_text(GLOSSARY)
    monkeypatch.setattr(pydocs, "DOCS", tmp_path)
    return tmp_path


def test_pages_become_markdown_and_questions_keep_their_linked_pages(docs):
    pages = pydocs.pages()
    queries = pydocs.queries({page.path for page in pages})

    smtplib = next(page for page in pages if page.path == "library/smtplib.html")
    assert smtplib.title == "smtplib — SMTP protocol client"
    assert "## Functions" in smtplib.markdown
    assert "send(value)" in smtplib.markdown
    assert r"Does \*this\* with a \[value\]." in smtplib.markdown
    assert "```\nprint(send(1))\n```" in smtplib.markdown
    assert "Navigation" not in smtplib.markdown
    # Links to other pages become links to their articles (one link per
    # page is enough: both go to the same place); the rest stay text.
    mailbox = next(page for page in pages if page.path == "library/mailbox.html")
    assert mailbox.links == [
        "library/smtplib.html",
        "library/smtplib.html",
        "reference/x.html",
    ]
    body = mailbox.body({"library/smtplib.html": "/en/articles/7-smtplib/"})
    assert body.startswith(
        "Mailboxes on disk; [sent](/en/articles/7-smtplib/) by"
        " [SMTP](/en/articles/7-smtplib/), here, elsewhere."
    )
    assert mailbox.body({}).startswith("Mailboxes on disk; sent by SMTP, here,")
    assert [(q.text, q.relevant) for q in queries] == [
        ("How do I send mail?", {"library/smtplib.html"}),
        ("Where are mailboxes kept?", {"library/mailbox.html"}),
        ("mailbox", {"library/mailbox.html"}),
    ]
    # Links out of the corpus are kept for the report; the sidebar's are not.
    kept = next(q for q in queries if q.text == "Where are mailboxes kept?")
    assert kept.linked == {"library/mailbox.html", "reference/datamodel.html"}


def test_pages_are_loaded_whole(docs):
    lines = "".join(f'<div class="line">line {n}</div>' for n in range(3))
    code = "\n".join(f"x = {n}" for n in range(300))
    (docs / "library" / "long.html").write_text(
        PAGE.format(title="long", text="p" * 200_000, name="f").replace(
            "<pre>print(f(1))</pre>",
            f'<div class="line-block">{lines}</div><pre>{code}</pre>',
        )
    )

    page = pydocs.read_page(docs / "library" / "long.html")

    assert "p" * 200_000 in page.markdown
    assert "line 0\n\nline 1\n\nline 2" in page.markdown
    assert "x = 299" in page.markdown


def test_scores():
    relevant = {"a", "b"}

    assert scores(["x", "a", "b"], relevant)["MRR@10"] == 0.5
    assert scores(["x", "a"], relevant)["Recall@10"] == 0.5
    assert scores([], relevant)["no result"] == 1.0
    assert scores(["a", "b"], relevant)["nDCG@10"] == pytest.approx(1.0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db
def test_the_command_loads_the_pages_and_prints_the_three_systems(docs):
    out = StringIO()
    call_command("bench_relevance", "--shuffle", "3", "--misses", stdout=out)

    table = out.getvalue()
    # The pages link to each other as articles do: counted for ranking.
    smtplib = Article.objects.get(slug="library--smtplib")
    assert smtplib.citations == 1
    assert f"/en/articles/{smtplib.pk}-library--smtplib/" in (
        Article.objects.get(slug="library--mailbox").body
    )
    assert "3 pages; 3 queries." in table
    assert "Of 4 FAQ questions and glossary terms, 1 link to no loaded page" in table
    assert "the highest Recall@10 possible: 1.000" in table
    for system in ["articles.search", "ts_rank (any word)", "BM25 (rank_bm25)"]:
        row = next(line for line in table.splitlines() if line.startswith(system))
        # Both queries find their page first.
        assert row.split()[-6:-2] == ["1.000", "1.000", "1.000", "1.000"]
