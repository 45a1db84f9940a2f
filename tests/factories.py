import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleTranslation, Category, Comment, Section
from users.models import User

_seq = itertools.count(1)

PASSWORD = "correct horse battery staple"  # noqa: S105


def make_user(*, groups=(), **fields) -> User:
    n = next(_seq)
    fields.setdefault("email", f"user{n}@example.com")
    fields.setdefault("name", f"User {n}")
    fields.setdefault("password", PASSWORD)
    user = User.objects.create_user(**fields)
    # Their address is verified, as after the link in allauth's email.
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_staff(**fields) -> User:
    fields.setdefault("title", "Customer Experience Manager")
    return make_user(is_staff=True, groups=["Support staff"], **fields)


def make_manager(**fields) -> User:
    return make_user(is_staff=True, groups=["Support staff", "Managers"], **fields)


def make_category(**fields) -> Category:
    n = next(_seq)
    fields.setdefault("name", f"Category {n}")
    fields.setdefault("slug", f"category-{n}")
    return Category.objects.create(**fields)


def make_section(**fields) -> Section:
    n = next(_seq)
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_article(**fields) -> Article:
    n = next(_seq)
    if "section" not in fields:
        fields["section"] = make_section()
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("body", "Some *Markdown*.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(days=1))
    return Article.objects.create(**fields)


def make_comment(**fields) -> Comment:
    if "article" not in fields:
        fields["article"] = make_article()
    if "author" not in fields:
        fields["author"] = make_user()
    fields.setdefault("body", "A helpful comment.")
    fields.setdefault("status", Comment.Status.PUBLISHED)
    return Comment.objects.create(**fields)


def make_translation(article, language="fr", **fields) -> ArticleTranslation:
    fields.setdefault("title", f"{article.title} ({language})")
    fields.setdefault("slug", f"{article.slug}-{language}")
    fields.setdefault("body", "Du *Markdown*.")
    fields.setdefault("status", ArticleTranslation.Status.PUBLISHED)
    return ArticleTranslation.objects.create(
        article=article, language=language, **fields
    )


def signed_in(user) -> Client:
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client
