import json
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from articles.models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Category,
    Comment,
    Section,
    Vote,
)
from users.models import User
from zendesk.models import Kind, ZendeskRecord

from .conftest import EXAMPLE, run_import

pytestmark = pytest.mark.django_db


def article(zendesk_id: int) -> Article:
    link = ZendeskRecord.objects.get(kind=Kind.ARTICLE, zendesk_id=zendesk_id)
    return Article.objects.get(pk=link.object_id)


def test_the_example_export_is_accounted_for_in_the_report(imported):
    assert "Categories: 2 created, 0 updated, 0 unchanged, 0 skipped" in imported
    assert "Sections: 4 created" in imported
    assert "Articles: 4 created, 0 updated, 0 unchanged, 0 skipped" in imported
    assert "Translations: 5 created" in imported
    assert "Comments: 2 created" in imported
    assert "Images: 1 created" in imported
    assert "Votes: 1 created" in imported
    assert "Import complete." in imported
    # Reported, not silently changed: the tag segment and the nested section.
    assert "user_segment 503 (Premium publishers) limits readers by tags" in imported
    assert "section 2004 is inside section 2003" in imported
    assert "translation 4001 (fr) is marked outdated" in imported
    assert (Category.objects.count(), Section.objects.count()) == (2, 4)
    assert (Article.objects.count(), ArticleTranslation.objects.count()) == (4, 3)
    assert (Comment.objects.count(), ArticleImage.objects.count()) == (2, 1)


def test_fields_are_mapped_as_the_api_documents_them(imported):
    sid = article(3001)
    assert sid.title == "Find your SID"
    assert sid.status == Article.Status.PUBLISHED and sid.promoted
    assert sid.labels == "sid, account"
    assert sid.author.email == "sally.anne@example.com"
    # up votes = (count + sum) / 2
    assert (sid.vote_count, sid.helpful_count) == (10, 8)
    assert sid.created_at.isoformat() == "2024-03-02T10:00:00+00:00"
    assert sid.updated_at.isoformat() == "2024-03-05T16:30:00+00:00"
    assert article(3002).visibility == Article.Visibility.SIGNED_IN
    assert article(3003).visibility == Article.Visibility.STAFF
    assert article(3004).visibility == Article.Visibility.SIGNED_IN  # tag segment
    assert ZendeskRecord.objects.get(zendesk_id=3003).extra["comments_disabled"]
    languages = dict(sid.translations.values_list("language", "status"))
    assert languages == {"fr": "published", "de": "published", "pt-br": "draft"}
    assert Category.objects.get(name_en="Getting started").name_fr == "Premiers pas"


def test_bodies_become_markdown_rendered_by_our_sanitiser(imported):
    sid = article(3001)
    assert "## Where to find it" in sid.body
    assert "| SID | Dashboard header | Support requests |" in sid.body
    assert "<table>" in sid.body_html and "<th>Number</th>" in sid.body_html
    assert '<code class="language-text">SID 1234567' in sid.body_html
    # Links to other imported articles become stable /articles/<id>/ links,
    # even to an article imported after this one.
    assert f'href="/articles/{article(3002).pk}/"' in sid.body_html
    section = Section.objects.get(name_en="Payouts")
    assert f'href="/sections/{section.pk}-payouts/"' in sid.body_html
    # The image is imported, checked like an upload, and rewritten.
    image = ArticleImage.objects.get()
    assert image.article == sid
    assert f'src="{image.image.url}"' in sid.body_html
    assert "zendesk.com" not in sid.body_html
    assert image.image.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_comments_keep_their_authors_and_dates(imported):
    comments = list(Comment.objects.order_by("created_at"))
    assert [c.author.email for c in comments] == [
        "pat@example.com",
        "sally.anne@example.com",
    ]
    assert comments[0].created_at.isoformat() == "2024-03-06T12:00:00+00:00"
    assert comments[0].status == Comment.Status.PUBLISHED
    assert Vote.objects.get().user.email == "pat@example.com"
    # People brought in have no password: they choose one when they sign in.
    assert not User.objects.get(email="pat@example.com").has_usable_password()


def test_running_it_again_changes_nothing_and_duplicates_nothing(imported):
    again = run_import(EXAMPLE)
    assert "Articles: 0 created, 0 updated, 4 unchanged, 0 skipped" in again
    assert Article.objects.count() == 4
    assert ArticleImage.objects.count() == 1
    assert Comment.objects.count() == 2


def test_a_changed_record_is_updated_by_its_zendesk_id(imported, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    data = json.loads((folder / "articles.json").read_text())
    data["articles"][1]["title"] = "Read your daily report, again"
    (folder / "articles.json").write_text(json.dumps(data))
    report = run_import(folder)
    assert "Articles: 0 created, 1 updated, 3 unchanged, 0 skipped" in report
    assert article(3002).title == "Read your daily report, again"
    assert Article.objects.count() == 4


def test_a_dry_run_reports_and_saves_nothing(db, settings):
    report = run_import(EXAMPLE, "--dry-run")
    assert "Dry run: nothing was saved." in report
    assert "Articles: 4 would be created" in report
    assert Article.objects.count() == 0
    assert ZendeskRecord.objects.count() == 0
    assert not list(settings.MEDIA_ROOT.rglob("*.png"))


def broken_export(tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(EXAMPLE, folder)
    (folder / "garbage.json").write_text("{not json")
    (folder / "other.json").write_text('{"tickets": []}')
    articles = json.loads((folder / "articles-page-2.json").read_text())
    articles["articles"][0]["section_id"] = 999
    articles["articles"].append({"title": "no id"})
    (folder / "articles-page-2.json").write_text(json.dumps(articles))
    translations = json.loads((folder / "translations.json").read_text())
    translations["translations"].append(
        {**translations["translations"][1], "id": 4999, "locale": "ja", "title": "x"}
    )
    (folder / "translations.json").write_text(json.dumps(translations))
    return folder


def test_broken_files_and_records_are_named_and_the_rest_goes_on(db, tmp_path):
    with pytest.raises(CommandError, match="records were skipped") as raised:
        run_import(broken_export(tmp_path))
    assert raised.value.returncode == 1
    assert Article.objects.count() == 3  # all but the one without a section
    assert not ZendeskRecord.objects.filter(zendesk_id=3003).exists()


def test_the_report_names_each_skipped_file_and_record(db, tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_zendesk", str(broken_export(tmp_path)), stdout=out)
    report = out.getvalue()
    assert "garbage.json: not readable as JSON" in report
    assert "other.json: no known top-level key" in report
    assert "articles-page-2.json: articles[2]: not a record with a numeric id" in report
    assert (
        "articles-page-2.json: article 3003: its section 999 was not imported" in report
    )
    assert "translations.json: translation 4999 (ja): locale not one of ours" in report
    # The record without an id and the article without its section.
    assert "Articles: 3 created, 0 updated, 0 unchanged, 2 skipped" in report


def test_an_article_is_all_or_nothing(db, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    translations = json.loads((folder / "translations.json").read_text())
    translations["translations"][1]["title"] = ""  # the German one of 3001
    (folder / "translations.json").write_text(json.dumps(translations))
    with pytest.raises(CommandError):
        run_import(folder)
    assert not ZendeskRecord.objects.filter(kind=Kind.ARTICLE, zendesk_id=3001).exists()
    assert not Article.objects.filter(title="Find your SID").exists()
    assert not ArticleTranslation.objects.filter(title="Trouver votre SID").exists()
    assert Article.objects.count() == 3


def test_what_cannot_be_brought_in_is_listed(db, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    (folder / "attachments" / "7001-sid-header.png").write_bytes(
        b"<html>Sign in</html>"
    )
    data = json.loads((folder / "articles.json").read_text())
    data["articles"][1]["body"] += (
        '<iframe src="https://video.example.com/1"></iframe>'
        '<a href="/hc/en-us/articles/123456-Gone">gone</a>'
    )
    (folder / "articles.json").write_text(json.dumps(data))
    report = run_import(folder)
    assert (
        "article_attachment 7001 (sid-header.png): This file is not an image" in report
    )
    assert "article 3002: <iframe> https://video.example.com/1" in report
    assert "article 3002: link to article 123456, which is not in the export" in report
    assert ArticleImage.objects.count() == 0
    # The image's place keeps its description.
    assert "The SID at the top right of the dashboard" in article(3001).body


# ---- Attachment files ----------------------------------------------------

EXAMPLE_IMAGE = "7001-sid-header.png"


def export_with_attachment_at(tmp_path, layout: str | None):
    """The example export with its one attachment file at attachments/<layout>,
    or without it (None)."""
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    attachments = folder / "attachments"
    image = (attachments / EXAMPLE_IMAGE).read_bytes()
    (attachments / EXAMPLE_IMAGE).unlink()
    if layout is not None:
        (attachments / layout).parent.mkdir(parents=True, exist_ok=True)
        (attachments / layout).write_bytes(image)
    return folder


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("7001", id="by-id"),
        pytest.param("7001/sid-header.png", id="id-folder-and-name"),
        pytest.param("sid-header.png", id="by-file-name"),
        pytest.param("7001.png", id="id-and-extension"),
    ],
)
def test_an_attachment_file_is_found_under_each_documented_layout(
    client, tmp_path, layout
):
    report = run_import(export_with_attachment_at(tmp_path, layout))
    assert "Images: 1 created" in report
    assert "no file in attachments/" not in report
    sid = article(3001)
    image = ArticleImage.objects.get()
    assert image.article == sid
    assert f'src="{image.image.url}"' in sid.body_html
    assert "zendesk.com" not in sid.body_html
    assert image.image.read()[:8] == b"\x89PNG\r\n\x1a\n"
    # Served as the PNG it is, whatever the file was called in the export.
    response = client.get(image.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_an_attachment_without_its_file_is_listed_as_not_brought_in(db, tmp_path):
    report = run_import(export_with_attachment_at(tmp_path, None))
    assert "Not brought in:" in report
    assert (
        "articles.json: article 3001: image "
        "https://partners.zendesk.com/hc/article_attachments/7001/sid-header.png"
    ) in report
    assert (
        "article_attachments.json: article_attachment 7001 (sid-header.png): "
        "no file in attachments/"
    ) in report
    # Not an error: the article is imported, the image's place keeps its
    # description, and nothing points at Zendesk's copy.
    assert "Import complete." in report
    assert ArticleImage.objects.count() == 0
    sid = article(3001)
    assert "The SID at the top right of the dashboard" in sid.body
    assert "article_attachments/7001" not in sid.body_html


# ---- Lists in bodies -----------------------------------------------------

LIST_BODY = (
    "<p>To read the daily report:</p>"
    "<ol>"
    "<li>Open <em>Reports</em>.</li>"
    "<li>Choose <em>Daily</em>."
    "<ul>"
    "<li>Pick a date range.</li>"
    '<li>Need your SID? See <a href="/hc/en-us/articles/3001-Find-your-SID">'
    "Find your SID</a>.</li>"
    "</ul>"
    "</li>"
    '<li>Premium publishers: <a href="https://partners.zendesk.com/hc/en-us/'
    'articles/3004-Tax-forms">send your tax form</a> first.</li>'
    "</ol>"
)


def export_with_list_body(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    data = json.loads((folder / "articles.json").read_text())
    assert data["articles"][1]["id"] == 3002
    data["articles"][1]["body"] = LIST_BODY
    (folder / "articles.json").write_text(json.dumps(data))
    return folder


def own_text(item) -> str:
    """A list item's text, without that of the lists nested in it."""
    parts = [
        child.get_text() if hasattr(child, "get_text") else str(child)
        for child in item.children
        if getattr(child, "name", None) not in {"ul", "ol"}
    ]
    return "".join(parts).strip()


def test_ordered_and_nested_lists_render_back_as_lists(db, tmp_path):
    run_import(export_with_list_body(tmp_path))
    report = article(3002)
    assert "1.  Open *Reports*." in report.body
    html = BeautifulSoup(report.body_html, "html.parser")
    (ordered,) = html.find_all("ol")
    steps = ordered.find_all("li", recursive=False)
    assert [own_text(step) for step in steps] == [
        "Open Reports.",
        "Choose Daily.",
        "Premium publishers: send your tax form first.",
    ]
    assert steps[0].em.get_text() == "Reports"
    # The unordered list is nested in the second step, not after the list.
    (nested,) = html.find_all("ul")
    assert nested.parent is steps[1]
    assert [own_text(item) for item in nested.find_all("li")] == [
        "Pick a date range.",
        "Need your SID? See Find your SID.",
    ]


def test_links_in_list_items_point_at_the_imported_articles(db, tmp_path):
    run_import(export_with_list_body(tmp_path))
    html = BeautifulSoup(article(3002).body_html, "html.parser")
    links = {a.get_text(): a for a in html.select("li a")}
    # 3001 was imported before 3002, 3004 after it: both are linked.
    assert links["Find your SID"]["href"] == f"/articles/{article(3001).pk}/"
    assert links["Find your SID"].find_parent("ul") is not None
    assert links["send your tax form"]["href"] == f"/articles/{article(3004).pk}/"
    assert links["send your tax form"].find_parent("li").find_parent("ol")
    assert "zendesk.com" not in article(3002).body_html
    # Counted for search, the one imported later too.
    assert (article(3001).citations, article(3004).citations) == (1, 1)


def test_a_missing_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(tmp_path / "nowhere")


# ---- Old addresses -------------------------------------------------------


def test_old_article_addresses_answer_301_in_their_language(client, imported):
    pk = article(3001).pk
    for path in ("/hc/en-us/articles/3001", "/hc/en-us/articles/3001-Find-your-SID"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == f"/en/articles/{pk}/"
    assert client.get("/hc/fr/articles/3001-Find").url == f"/fr/articles/{pk}/"
    assert client.get("/hc/pt-br/articles/3001").url == f"/pt-br/articles/{pk}/"
    final = client.get("/hc/fr/articles/3001", follow=True)
    assert final.redirect_chain[-1][0] == f"/fr/articles/{pk}-trouver-votre-sid/"
    assert client.get("/hc/en-us/articles/99").status_code == 404


def test_old_section_and_category_addresses_redirect(client, imported):
    section = Section.objects.get(name_en="Your account")
    category = Category.objects.get(name_en="Getting started")
    assert client.get("/hc/en-us/sections/2001-Your-account").url == (
        f"/en/sections/{section.pk}-your-account/"
    )
    assert client.get("/hc/fr/categories/1001").url == (
        f"/fr/categories/{category.pk}-getting-started/"
    )
    # A section of staff articles only is not revealed to a visitor.
    assert client.get("/hc/en-us/sections/2003").status_code == 404


def test_old_attachment_addresses_follow_their_article(client, imported):
    image = ArticleImage.objects.get()
    response = client.get("/hc/article_attachments/7001/sid-header.png")
    assert response.status_code == 301 and response["Location"] == image.image.url


def test_two_zendesk_users_with_one_email_are_one_person(db, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    data = json.loads((folder / "users.json").read_text())
    data["users"].append({**data["users"][1], "id": 9004, "email": "PAT@example.com"})
    data["users"].append({"id": 9005, "name": "No address", "email": "not an email"})
    (folder / "users.json").write_text(json.dumps(data))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_zendesk", str(folder), stdout=out)
    assert "user 9004: another user has the email PAT@example.com" in out.getvalue()
    assert "user 9005: no valid email address" in out.getvalue()
    assert User.objects.filter(email__iexact="pat@example.com").count() == 1
    assert Article.objects.count() == 4


def test_malformed_references_are_reported_not_a_crash(db, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXAMPLE, folder)
    for name, key, index, changes in [
        ("articles.json", "articles", 1, {"section_id": [2002], "label_names": "x"}),
        ("sections.json", "sections", 3, {"category_id": {"id": 1002}}),
        ("translations.json", "translations", 4, {"source_id": [2001]}),
        ("comments.json", "comments", 0, {"author_id": "9002", "created_at": 7}),
        ("votes.json", "votes", 0, {"value": "up"}),
    ]:
        data = json.loads((folder / name).read_text())
        data[key][index].update(changes)
        (folder / name).write_text(json.dumps(data))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_zendesk", str(folder), stdout=out)
    report = out.getvalue()
    assert "article 3002: its section [2002] was not imported" in report
    assert "section 2004: its category {'id': 1002} was not imported" in report
    assert "comment 8001: its author 9002 is not in users" in report
    assert "vote 9501: its value is not 1 or -1" in report
    assert "translation 4005: its section [2001] was not imported" in report
    assert Article.objects.count() == 2  # 3001 and 3003; 3004's section is gone
