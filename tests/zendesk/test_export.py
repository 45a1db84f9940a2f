import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleImage, Category, Comment, Section, Vote
from users.models import User
from zendesk.models import ZendeskRecord

from .conftest import run_import

pytestmark = pytest.mark.django_db


def export(path) -> dict:
    call_command("export_zendesk", str(path), stdout=StringIO())
    return {
        file.name: _without_addresses(json.loads(file.read_text()))
        for file in sorted(path.glob("*.json"))
    } | {
        f"attachments/{file.name}": file.read_bytes()
        for file in sorted((path / "attachments").iterdir())
    }


def _without_addresses(value):
    # `url` and `html_url` name this portal's pages, whose ids differ from
    # one database to the next; everything else must be the same.
    if isinstance(value, dict):
        return {
            k: _without_addresses(v)
            for k, v in value.items()
            if k not in ("url", "html_url")
        }
    if isinstance(value, list):
        return [_without_addresses(v) for v in value]
    return value


def empty_the_portal():
    Comment.objects.all().delete()
    Vote.objects.all().delete()
    ArticleImage.objects.all().delete()
    Article.objects.all().delete()
    Section.objects.all().delete()
    Category.objects.all().delete()
    ZendeskRecord.objects.all().delete()
    User.objects.all().delete()


def test_export_import_export_gives_the_same_content(imported, tmp_path):
    first = export(tmp_path / "first")
    empty_the_portal()
    report = run_import(tmp_path / "first")
    assert "Articles: 4 created" in report and "Images: 1 created" in report
    second = export(tmp_path / "second")
    assert second == first
    assert len(first["articles.json"]["articles"]) == 4
    assert len(first["translations.json"]["translations"]) == 5
    assert len(first["comments.json"]["comments"]) == 2


def test_the_export_speaks_zendesk(imported, tmp_path):
    data = export(tmp_path / "out")
    sid = next(a for a in data["articles.json"]["articles"] if a["id"] == 3001)
    assert sid["title"] == "Find your SID" and sid["section_id"] == 2001
    assert (sid["vote_sum"], sid["vote_count"]) == (6, 10)
    assert sid["created_at"] == "2024-03-02T10:00:00Z"
    # Links and images as Zendesk addresses, which the importer maps back.
    assert 'href="/hc/en-us/articles/3002"' in sid["body"]
    assert 'src="/hc/article_attachments/7001/sid-header.png"' in sid["body"]
    staff = next(a for a in data["articles.json"]["articles"] if a["id"] == 3003)
    segments = {s["id"]: s for s in data["user_segments.json"]["user_segments"]}
    assert segments[staff["user_segment_id"]]["user_type"] == "staff"
    assert "attachments/7001-sid-header.png" in data


def test_articles_made_here_are_exported_with_our_ids(db, tmp_path):
    from tests.factories import make_article

    article = make_article(title="Made here", visibility=Article.Visibility.SIGNED_IN)
    data = export(tmp_path / "out")
    shape = data["articles.json"]["articles"][0]
    assert shape["id"] == article.pk and shape["user_segment_id"] == 1
    assert (
        data["user_segments.json"]["user_segments"][0]["user_type"] == "signed_in_users"
    )


def test_it_will_not_write_into_a_folder_with_files(db, tmp_path):
    (tmp_path / "old.json").write_text("{}")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export_zendesk", str(tmp_path), stdout=StringIO())
