"""The relevance benchmark, on a tiny documentation tree of its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.management import pydocs
from articles.management.commands.bench_relevance import scores

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
</div></body></html>"""
GLOSSARY = """<dl><dt id="term-mailbox">mailbox<a class="headerlink">¶</a></dt>
<dd><p>See <a href="library/mailbox.html#m">mailbox</a>.</p></dd></dl>"""


@pytest.fixture
def docs(tmp_path, monkeypatch):
    for part in ["library", "tutorial", "howto", "faq"]:
        (tmp_path / part).mkdir()
    pages = {
        "smtplib": ("smtplib — SMTP protocol client", "Send mail with SMTP.", "send"),
        "mailbox": ("mailbox — Manipulate mailboxes", "Mailboxes on disk.", "lock"),
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
    assert [(q.text, q.relevant) for q in queries] == [
        ("How do I send mail?", {"library/smtplib.html"}),
        ("mailbox", {"library/mailbox.html"}),
    ]


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
    assert "3 pages; 2 queries." in table
    for system in ["articles.search", "ts_rank (any word)", "BM25 (rank_bm25)"]:
        row = next(line for line in table.splitlines() if line.startswith(system))
        # Both queries find their page first.
        assert row.split()[-6:-2] == ["1.000", "1.000", "1.000", "1.000"]
