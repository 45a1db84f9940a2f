"""Load the demo categories, articles, images, comments and users.

Idempotent: what exists already (matched by email or slug) is left as it is,
so running it twice changes nothing and never overwrites an editor's work.
"""

import datetime
import re
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles import feedback
from articles.demo import content
from articles.demo.translations import de, fr, pt_br
from articles.models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Category,
    Comment,
    Section,
    Vote,
)

# A documented demo credential, printed by the command and in README.md.
DEMO_PASSWORD = "helpcenter-demo"  # noqa: S105
TRANSLATIONS = {"fr": fr, "de": de, "pt-br": pt_br}
DEMO_LINK = re.compile(r"demo-article:([a-z0-9-]+)")
IMAGES_DIR = Path(content.__file__).parent / "images"
DEMO_IMAGES = {
    "support-button": "The Support button at the bottom right of every page",
    "sid-header": "Your SID at the top right of the dashboard",
}
DEMO_USERS = {
    "publisher": {
        "email": "publisher@example.com",
        "name": "Pat Publisher",
        "site_id": 1234567,
        "country": "US",
        "language": "en",
    },
    "staff": {
        "email": "support@example.com",
        "name": "Sally Anne",
        "title": "Customer Experience Manager",
        "country": "US",
        "language": "en",
        "is_staff": True,
        "groups": ["Support staff"],
    },
    "manager": {
        "email": "manager@example.com",
        "name": "Morgan Lee",
        "title": "Community Manager",
        "country": "GB",
        "language": "en",
        "is_staff": True,
        "groups": ["Support staff", "Managers"],
    },
    "admin": {
        "email": "admin@example.com",
        "name": "Site Administrator",
        "is_staff": True,
        "is_superuser": True,
    },
}


class Command(BaseCommand):
    help = "Load demo content and demo users (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self.load_users()
            created = self.load_articles(author=users["staff"])
            comments = self.load_comments(users)
            votes = self.load_votes()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {Category.objects.count()} categories, "
                f"{Section.objects.count()} sections, {Article.objects.count()} "
                f"articles ({created} new), {comments} new comments, {votes} new "
                "votes. Demo users "
                f"sign in with password {DEMO_PASSWORD!r}: "
                + ", ".join(spec["email"] for spec in DEMO_USERS.values())
            )
        )

    def load_users(self) -> dict:
        user_model = get_user_model()
        users = {}
        for key, spec in DEMO_USERS.items():
            fields = {k: v for k, v in spec.items() if k not in {"email", "groups"}}
            user, created = user_model.objects.get_or_create(
                email=spec["email"], defaults=fields
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                user.groups.set(Group.objects.filter(name__in=spec.get("groups", [])))
            EmailAddress.objects.get_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )
            users[key] = user
        return users

    def load_images(self, author) -> dict[str, str]:
        urls = {}
        for name, alt in DEMO_IMAGES.items():
            image = ArticleImage.objects.filter(alt=alt).first()
            if image is None:
                image = ArticleImage(alt=alt, uploaded_by=author)
                with (IMAGES_DIR / f"{name}.png").open("rb") as file:
                    image.image.save(f"{name}.png", File(file), save=True)
            urls[name] = image.image.url
        return urls

    def load_articles(self, *, author) -> int:
        image_urls = self.load_images(author)
        now = timezone.now()
        created_count = 0
        pending_links = []
        for c_pos, c_spec in enumerate(content.CATEGORIES):
            category, _ = Category.objects.get_or_create(
                slug=c_spec["slug"],
                defaults={
                    "name": c_spec["name"],
                    "description": c_spec["description"],
                    "position": c_pos,
                },
            )
            for s_pos, s_spec in enumerate(c_spec["sections"]):
                section, _ = Section.objects.get_or_create(
                    category=category,
                    slug=s_spec["slug"],
                    defaults={
                        "name": s_spec["name"],
                        "description": s_spec["description"],
                        "position": s_pos,
                    },
                )
                for a_pos, a_spec in enumerate(s_spec["articles"]):
                    if Article.objects.filter(slug=a_spec["slug"]).exists():
                        continue
                    body = a_spec["body"]
                    for name, url in image_urls.items():
                        body = body.replace(f"demo-image:{name}", url)
                    # Spread the dates over the past months, so the demo
                    # looks like a help center that has been kept up.
                    age = datetime.timedelta(days=7 + 11 * created_count % 300)
                    article = Article.objects.create(
                        section=section,
                        title=a_spec["title"],
                        slug=a_spec["slug"],
                        body=body,
                        visibility=a_spec["visibility"],
                        status=Article.Status.PUBLISHED,
                        promoted=a_spec["promoted"],
                        position=a_pos,
                        labels=a_spec.get("labels", ""),
                        author=author,
                        published_at=now - age,
                    )
                    Article.objects.filter(pk=article.pk).update(
                        created_at=now - age, updated_at=now - age / 3
                    )
                    if "demo-article:" in body:
                        pending_links.append(article)
                    created_count += 1
        self.resolve_article_links(pending_links)
        self.load_translations(image_urls)
        ArticleImage.objects.filter(article=None, alt__in=DEMO_IMAGES.values()).update(
            article=Article.objects.get(slug=content.SEED_ARTICLE_SLUG)
        )
        return created_count

    def resolve_article_links(self, articles) -> None:
        """Turn `demo-article:SLUG` links into the articles' real addresses."""
        urls = {a.slug: a.get_absolute_url() for a in Article.objects.all()}
        for article in articles:
            body = DEMO_LINK.sub(lambda m: urls[m.group(1)], article.body)
            if body != article.body:
                updated_at = article.updated_at
                article.body = body
                article.save(update_fields=["body"])
                Article.objects.filter(pk=article.pk).update(updated_at=updated_at)

    def load_translations(self, image_urls: dict[str, str]) -> None:
        """Category, section and article texts in French, German and
        Brazilian Portuguese; what an editor has already written stays."""
        for language, module in TRANSLATIONS.items():
            suffix = language.replace("-", "_")
            for model, texts in (
                (Category, module.CATEGORIES),
                (Section, module.SECTIONS),
            ):
                for item in model.objects.filter(slug__in=texts):
                    spec = texts[item.slug]
                    changed = []
                    for field in ("name", "description"):
                        column = f"{field}_{suffix}"
                        if not getattr(item, column):
                            setattr(item, column, spec[field])
                            changed.append(column)
                    if changed:
                        item.save(update_fields=changed)
            articles = Article.objects.filter(slug__in=module.ARTICLES)
            done = set(
                ArticleTranslation.objects.filter(
                    language=language, article__in=articles
                ).values_list("article__slug", flat=True)
            )
            ids = dict(Article.objects.values_list("slug", "pk"))
            for article in articles:
                if article.slug in done:
                    continue
                spec = module.ARTICLES[article.slug]
                body = spec["body"]
                for name, url in image_urls.items():
                    body = body.replace(f"demo-image:{name}", url)
                with override(language):
                    body = DEMO_LINK.sub(
                        lambda m, texts=module.ARTICLES, ids=ids: reverse(
                            "articles:detail",
                            kwargs={
                                "pk": ids[m.group(1)],
                                "slug": texts.get(m.group(1), {}).get(
                                    "slug", m.group(1)
                                ),
                            },
                        ),
                        body,
                    )
                ArticleTranslation.objects.create(
                    article=article,
                    language=language,
                    title=spec["title"],
                    slug=spec["slug"],
                    body=body,
                    status=ArticleTranslation.Status.PUBLISHED,
                )

    def load_comments(self, users) -> int:
        created_count = 0
        seed = Article.objects.get(slug=content.SEED_ARTICLE_SLUG)
        specs = [
            {"article": seed, "author": users["staff"], "body": content.SEED_COMMENT},
            *(
                {
                    "article": Article.objects.get(slug=spec["article"]),
                    "author": users[spec["author"]],
                    "body": spec["body"],
                }
                for spec in content.EXTRA_COMMENTS
            ),
        ]
        for number, spec in enumerate(specs):
            posted = min(
                spec["article"].published_at + datetime.timedelta(days=2 + number),
                timezone.now() - datetime.timedelta(hours=1 + number),
            )
            comment, created = Comment.objects.get_or_create(
                article=spec["article"],
                author=spec["author"],
                body=spec["body"].strip(),
                defaults={"status": Comment.Status.PUBLISHED, "created_at": posted},
            )
            if created and spec["article"] == seed:
                # The seed comment was revised after posting, as in the
                # original article.
                comment.edited_at = posted + datetime.timedelta(days=1)
                comment.edited_by = spec["author"]
                comment.save(update_fields=["edited_at", "edited_by"])
            created_count += created
        pending = content.PENDING_COMMENT
        _, created = Comment.objects.get_or_create(
            article=Article.objects.get(slug=pending["article"]),
            author=users[pending["author"]],
            body=pending["body"],
            defaults={"status": Comment.Status.PENDING},
        )
        return created_count + created

    def load_votes(self) -> int:
        """Votes by demo readers, cast like any vote so the counts are true."""
        user_model = get_user_model()
        readers = []
        for n in range(1, content.DEMO_READERS + 1):
            reader, created = user_model.objects.get_or_create(
                email=f"reader{n:02}@example.com",
                defaults={"name": f"Demo reader {n}"},
            )
            if created:
                reader.set_unusable_password()
                reader.save(update_fields=["password"])
            readers.append(reader)
        created_count = 0
        for spec in content.DEMO_VOTES:
            article = Article.objects.get(slug=spec["article"])
            if Vote.objects.filter(article=article).exists():
                continue
            reasons = list(spec.get("reasons", []))
            for number, reader in enumerate(readers[: spec["total"]]):
                helpful = number < spec["helpful"]
                vote = feedback.cast_vote(article, reader, helpful)
                if not helpful and reasons:
                    feedback.explain_vote(vote, *reasons.pop(0))
                created_count += 1
        return created_count
