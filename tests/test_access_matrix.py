"""The access matrix: every URL pattern x every role x every kind of object.

The URL patterns are walked from the URL conf itself: the language prefix of
i18n_patterns, includes and their namespaces, the admin site and allauth's
accounts/ patterns. `TABLE` holds the expected answer to a GET for each one,
`POSTS` the expected answer to a POST where a view takes one:
`test_every_url_pattern_has_an_entry` fails for a URL without an entry.

Roles: visitor (anonymous), publisher (signed in), support staff (is_staff,
"Support staff") and manager ("Support staff" + "Managers"). URLs that take
an article, comment, section, category, image or attachment are checked for
an article of each visibility (everyone, signed_in, staff) and state
(published, draft, scheduled).

The rules, restated here rather than taken from the app's code:

- a role reads an article when it is published (not a draft, not scheduled)
  and its visibility is one the role may read; drafts and scheduled articles
  are never on the site, staff preview them in the admin only;
- a visitor who opens a published signed-in article is sent to sign in and
  back; anything else the role may not read is a 404;
- a 200 page of the site never shows the title, section or category of an
  article the role may not read;
- the moderation queue is for managers; screenshots are for support staff;
- an image follows its article; editors (view_article) also see drafts';
- the admin sends non-staff to its login page and answers staff 200 or 403
  by their model permissions, less what a ModelAdmin refuses;
- a POST that a role may not make is refused and changes nothing.

A behaviour found wrong can be written with the right expectation and a
`bug` reason: the matrix then leaves that case out (`only_bugs` runs just
those), until the application is fixed and the reason goes.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import QueryDict
from django.template import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from PIL import Image
from post_office.models import Email

from articles import feedback, notifications
from articles.models import (
    Article,
    ArticleImage,
    Category,
    Comment,
    Follow,
    Revision,
    SearchTerm,
    Section,
    Vote,
)
from support.models import Attachment, Region, SupportRequest
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_manager,
    make_section,
    make_staff,
    make_translation,
    make_user,
)
from users.models import User
from zendesk.models import ApiToken, ZendeskRecord

ROLES = ["visitor", "publisher", "staff", "manager"]
VISIBILITIES = ["everyone", "signed_in", "staff"]
STATES = ["published", "draft", "scheduled"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# What each role may read: the access rule, written out independently of
# articles.models.visibilities_for().
READS = {
    "visitor": {"everyone"},
    "publisher": {"everyone", "signed_in"},
    "staff": {"everyone", "signed_in", "staff"},
    "manager": {"everyone", "signed_in", "staff"},
}

LANG = "<lang>/"
# allauth's second factor, whose pages and admin are checked when installed.
MFA_INSTALLED = apps.is_installed("allauth.mfa")


# ---- Discovery ------------------------------------------------------------


def discover_patterns(patterns=None, prefix="", namespace=()) -> dict[str, str]:
    """Every leaf pattern of the URL conf: {route: qualified name or ""}.

    The language prefix of i18n_patterns is written `<lang>/`, whatever
    language is active; regex patterns keep their regex.
    """
    if patterns is None:
        patterns = get_resolver().url_patterns
    found = {}
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            part = LANG
        else:
            part = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            found.update(discover_patterns(pattern.url_patterns, prefix + part, inner))
        else:
            name = ":".join((*namespace, pattern.name)) if pattern.name else ""
            found[prefix + part] = name
    return found


def admin_prefix() -> str:
    """Where the admin site is included (settings may move it)."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            return str(pattern.pattern)
    raise AssertionError("the admin site is not in the URL conf")


# ---- Expectations -----------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int
    # For redirects: exactly where to (or where it starts, with `prefix`).
    location: str | None = None
    prefix: bool = False
    # For POSTs: whether the database changes.
    changes: bool = False
    # The right answer, which the app does not give yet (see the docstring).
    bug: str = ""


def rev(name, *args, **kwargs) -> str:
    """reverse() in the active language (the runner sets it)."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def with_next(url: str, next_url: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{url}?{query.urlencode(safe='/')}"


def sign_in(next_url: str) -> Expect:
    return Expect(302, with_next(rev("account_login"), next_url))


def admin_sign_in(next_url: str) -> Expect:
    return Expect(302, with_next(rev("admin:login"), next_url))


OK = Expect(200)
BAD_REQUEST = Expect(400)
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)


def changing(expect: Expect) -> Expect:
    return replace(expect, changes=True)


@dataclass
class ArticleCase:
    visibility: str
    state: str
    article: Article = None

    @property
    def label(self) -> str:
        return f"{self.visibility}/{self.state}"

    def readable(self, role: str) -> bool:
        return self.state == "published" and self.visibility in READS[role]

    def sign_in_first(self, role: str) -> bool:
        return (
            role == "visitor"
            and self.state == "published"
            and self.visibility == "signed_in"
        )

    @property
    def url(self) -> str:
        return rev("articles:detail", pk=self.article.pk, slug=self.article.slug)


@dataclass
class CommentCase:
    of: ArticleCase
    comment: Comment
    own: bool
    pending: bool = False

    @property
    def label(self) -> str:
        who = "own" if self.own else "other's"
        status = "pending" if self.pending else "published"
        return f"{who} {status} comment on {self.of.label}"

    def shown(self, role: str) -> bool:
        return self.of.readable(role) and (not self.pending or self.own)

    def changeable(self, role: str) -> bool:
        """Authors change their own comments; managers change any."""
        return role != "visitor" and (self.own or role == "manager")


@dataclass
class World:
    """The objects one test function works with, for one role."""

    role: str
    user: User | None
    other: User
    articles: list[ArticleCase] = field(default_factory=list)
    comments: list[CommentCase] = field(default_factory=list)
    images: list[tuple[str, ArticleImage, ArticleCase | None]] = field(
        default_factory=list
    )
    attachment: Attachment = None
    support_request: SupportRequest = None
    follows: dict[str, Follow] = field(default_factory=dict)
    queued: Comment = None
    queued_in_admin: Comment = None
    admin_objects: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    tokens: list[tuple[str, ApiToken]] = field(default_factory=list)

    handlers: dict = field(default_factory=dict)

    def client(self, **kwargs) -> Client:
        """A client of the role; clients share their handler, which loads
        the middleware (and WhiteNoise's list of files) once."""
        client = Client(**kwargs)
        key = tuple(sorted(kwargs.items()))
        client.handler = self.handlers.setdefault(key, client.handler)
        if self.user is not None:
            client.force_login(self.user)
        return client

    def names(self, role: str) -> list[tuple[str, bool]]:
        """Article titles, section and category names, and whether `role`
        may see them on the site (each section holds one article)."""
        shown = []
        for case in self.articles:
            readable = case.readable(role)
            shown.append((case.article.title, readable))
            shown.append((case.article.section.name, readable))
            shown.append((case.article.section.category.name, readable))
        return shown


def png_file(name="image.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (31, 95, 191)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_authenticator(user):
    """Someone's recovery codes, for the admin of allauth.mfa (if installed)."""
    if not MFA_INSTALLED:
        return None
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "00" * 20, "used_mask": 0},
    )


def build_world(role: str, *, votes: bool = False) -> World:
    """One article per visibility x state, each alone in its section and
    category, with an image, a comment by someone else and one by the role,
    and someone's follow; a screenshot; an object of each admin model.

    With `votes`, the role has voted No on every article (as if it had
    voted while the article was readable).
    """
    user = {
        "visitor": lambda: None,
        "publisher": lambda: make_user(name="Pat Publisher"),
        "staff": lambda: make_staff(name="Sally Staff"),
        "manager": lambda: make_manager(name="Max Manager"),
    }[role]()
    other = make_user(name="Olga Other")
    world = World(role=role, user=user, other=other)
    now = timezone.now()
    states = {
        "published": {"status": "published", "published_at": now - timedelta(1)},
        "draft": {"status": "draft", "published_at": None},
        "scheduled": {"status": "published", "published_at": now + timedelta(30)},
    }
    for visibility in VISIBILITIES:
        for state in STATES:
            case = ArticleCase(visibility, state)
            words = f"{visibility} {state}"
            section = make_section(
                category=make_category(name=f"Shelf {words} kind"),
                name=f"Row {words} kind",
            )
            case.article = make_article(
                section=section,
                title=f"Matrix {words} title",
                body=f"The matrixword body of the {words} article.",
                visibility=visibility,
                promoted=True,
                **states[state],
            )
            world.articles.append(case)
            world.comments.append(
                CommentCase(
                    case, make_comment(article=case.article, author=other), False
                )
            )
            if user is not None:
                mine = make_comment(article=case.article, author=user)
                world.comments.append(CommentCase(case, mine, True))
            image = ArticleImage(article=case.article, alt=f"Image {words}")
            image.image.save("shot.png", png_file(), save=True)
            world.images.append((f"image of {case.label}", image, case))
            world.follows[case.label] = Follow.objects.create(
                article=case.article, user=other
            )
            if votes and user is not None:
                feedback.cast_vote(case.article, user, False)
    first = world.articles[0]
    pending = make_comment(article=first.article, author=other, status="pending")
    world.comments.append(CommentCase(first, pending, False, pending=True))
    if user is not None:
        mine = make_comment(article=first.article, author=user, status="pending")
        world.comments.append(CommentCase(first, mine, True, pending=True))
    # In the moderation queue, on a draft, and touched by nothing else: one
    # for the site's queue, one for the admin's actions.
    world.queued, world.queued_in_admin = (
        make_comment(article=world.articles[1].article, author=other, status="pending")
        for _n in range(2)
    )
    orphan = ArticleImage(alt="Orphan image")
    orphan.image.save("orphan.png", png_file(), save=True)
    world.images.append(("image without article", orphan, None))
    world.support_request = SupportRequest.objects.create(
        email=other.email,
        region=Region.objects.get(is_default=True),
        subject="Matrix request",
        topic="technical",
        description="Nothing tracks.",
        user=other,
    )
    world.attachment = Attachment(request=world.support_request, original_name="s.png")
    world.attachment.file.save("s.png", png_file(), save=True)

    email, _created = EmailAddress.objects.get_or_create(
        user=other, email=other.email, defaults={"primary": True, "verified": True}
    )
    vote = feedback.cast_vote(first.article, other, True)
    staff_account = make_staff(name="Another Staff")
    send_mail("Matrix mail", "Body", None, ["matrix@example.com"])
    # Zendesk ids for every article, section, category and image (old /hc/
    # addresses), and API tokens: someone else's and the role's own.
    for case in world.articles:
        for kind, row in (
            ("article", case.article),
            ("section", case.article.section),
            ("category", case.article.section.category),
        ):
            ZendeskRecord.objects.create(kind=kind, zendesk_id=row.pk, object_id=row.pk)
    for _label, image, _case in world.images:
        ZendeskRecord.objects.create(
            kind="attachment", zendesk_id=image.pk, object_id=image.pk
        )
    others_token = ApiToken.objects.create_for(user=other, name="Matrix token")[0]
    world.tokens.append(("someone else's token", others_token))
    if user is not None:
        own = ApiToken.objects.create_for(user=user, name="Own matrix token")[0]
        world.tokens.append(("own token", own))
    world.admin_objects = {
        "auth.group": [("group", Group.objects.get(name="Support staff"))],
        "mfa.authenticator": [("authenticator", make_authenticator(other))],
        "account.emailaddress": [("email address", email)],
        "users.user": [("publisher account", other), ("staff account", staff_account)],
        "articles.category": [
            (c.label, c.article.section.category) for c in world.articles
        ],
        "articles.section": [(c.label, c.article.section) for c in world.articles],
        "articles.article": [(c.label, c.article) for c in world.articles],
        "articles.articleimage": [
            (label, image) for label, image, _case in world.images
        ],
        "articles.comment": [(c.label, c.comment) for c in world.comments if not c.own],
        "articles.vote": [("vote", vote)],
        "articles.articletranslation": [
            ("translation", make_translation(first.article, status="draft"))
        ],
        "articles.revision": [
            ("revision", Revision.objects.of(first.article).latest("pk"))
        ],
        "articles.searchterm": [
            ("search term", SearchTerm.objects.get_or_create(query="matrixword")[0])
        ],
        "support.region": [("region", Region.objects.get(is_default=True))],
        "support.supportrequest": [("request", world.support_request)],
        "post_office.email": [("email", Email.objects.latest("pk"))],
        "zendesk.apitoken": [("API token", others_token)],
        "zendesk.zendeskrecord": [
            ("Zendesk record", ZendeskRecord.objects.filter(kind="article").first())
        ],
    }
    return world


SNAPSHOT_MODELS = [
    User,
    Group,
    EmailAddress,
    Category,
    Section,
    Article,
    ArticleImage,
    Comment,
    Vote,
    Follow,
    Revision,
    SearchTerm,
    Region,
    SupportRequest,
    Attachment,
    ApiToken,
]


if MFA_INSTALLED:
    SNAPSHOT_MODELS.append(apps.get_model("mfa", "Authenticator"))


def snapshot() -> dict[str, tuple]:
    """Every row a POST could change, to compare before and after (in SQL:
    the ORM would read translated fields in the active language)."""
    with connection.cursor() as cursor:
        rows = {}
        for model in SNAPSHOT_MODELS:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608
            rows[model._meta.label] = tuple(map(tuple, cursor.fetchall()))
        return rows


def changes(before: dict, after: dict) -> list[str]:
    """The models whose rows differ, with the rows that changed."""
    return [
        f"{label}: {sorted(set(before[label]) ^ set(after[label]), key=str)}"
        for label in before
        if before[label] != after[label]
    ]


# ---- The table --------------------------------------------------------------
#
# Each entry: which cases, how to build the URL for one, and the expected
# answer to a GET for the world's role. `methods` is what the view accepts.


@dataclass(frozen=True)
class Entry:
    name: str
    cases: Callable[[World], list[tuple[str, Any]]]
    url: Callable[[World, Any], str]
    get: Callable[[World, Any, str], Expect]
    methods: tuple[str, ...] = ("GET",)
    # A page of the site: checked for names the role may not see.
    site_page: bool = True
    # Whose reading rights govern what the page may name, when not the
    # role's own: a function of the world and the case, giving a role.
    names_for: Callable[[World, Any], str] | None = None


def no_case(world):
    return [("-", None)]


def article_cases(world):
    return [(case.label, case) for case in world.articles]


def comment_cases(world):
    return [(case.label, case) for case in world.comments]


def image_cases(world):
    cases = [(label, (image, case)) for label, image, case in world.images]
    return [*cases, ("missing image", (None, None))]


def token_cases(world):
    cases = [(f"token for {label}", f) for label, f in world.follows.items()]
    return [("invalid token", None), *cases]


def attachment_cases(world):
    return [("screenshot", world.attachment), ("missing screenshot", None)]


def always(expect: Expect):
    return lambda world, case, url: expect


def article_page(world, case: ArticleCase, url):
    if case.readable(world.role):
        return OK
    if case.sign_in_first(world.role):
        return sign_in(url)
    return NOT_FOUND


def article_short(world, case: ArticleCase, url):
    """The address without slug: the canonical address, permanently."""
    if case.readable(world.role):
        return Expect(301, case.url)
    if case.sign_in_first(world.role):
        return sign_in(url)
    return NOT_FOUND


def listing(world, case: ArticleCase, url):
    """Sections and categories exist for a role through readable articles."""
    return OK if case.readable(world.role) else NOT_FOUND


def comment_link(world, case: CommentCase, url):
    if case.shown(world.role):
        return Expect(302, f"{case.of.url}#comment-{case.comment.pk}")
    return NOT_FOUND


def comment_change(world, case: CommentCase, url):
    if world.role == "visitor":
        return sign_in(url)
    if not case.of.readable(world.role):
        return NOT_FOUND
    return OK if case.changeable(world.role) else FORBIDDEN


def article_image(world, value, url):
    image, case = value
    if image is None:
        return NOT_FOUND
    if case is None or case.readable(world.role):
        return OK
    editor = world.user is not None and world.user.has_perm("articles.view_article")
    return OK if editor else NOT_FOUND


def managers_only(world, case, url):
    if world.role == "visitor":
        return sign_in(url)
    return OK if world.role == "manager" else FORBIDDEN


def screenshot(world, attachment, url):
    if world.role == "visitor":
        return sign_in(url)
    if world.role == "publisher":
        return FORBIDDEN
    return OK if attachment is not None else NOT_FOUND


# The followers in the world (`other`) are publishers.
FOLLOWER = "publisher"


def follower_of(world, follow) -> str:
    return FOLLOWER


def unfollow(world, follow, url):
    """The signed token is the authority: anyone holding it unfollows. The
    page names the article only if its follower may still read it."""
    if follow is None:
        return BAD_REQUEST
    return OK


def as_visitor(world, case) -> str:
    """Sitemaps and feeds list what a visitor may read, whoever asks."""
    return "visitor"


def section_feed(world, case: ArticleCase, url):
    return OK if case.readable("visitor") else NOT_FOUND


def sitemap_cases(world):
    return [(name, name) for name in ("categories", "sections", "articles", "none")]


SITE = {
    "healthz": Entry("healthz", no_case, lambda w, c: "/healthz", always(OK)),
    "robots.txt": Entry("robots", no_case, lambda w, c: "/robots.txt", always(OK)),
    "sitemap.xml": Entry(
        "sitemap-index",
        no_case,
        lambda w, c: "/sitemap.xml",
        always(OK),
        names_for=as_visitor,
    ),
    "sitemap-<section>.xml": Entry(
        "sitemap",
        sitemap_cases,
        lambda w, c: f"/sitemap-{c}.xml",
        lambda w, c, url: NOT_FOUND if c == "none" else OK,
        names_for=as_visitor,
    ),
    LANG + "feeds/articles/": Entry(
        "articles:feed",
        no_case,
        lambda w, c: rev("articles:feed"),
        always(OK),
        names_for=as_visitor,
    ),
    LANG + "feeds/sections/<int:pk>/": Entry(
        "articles:section-feed",
        article_cases,
        lambda w, c: rev("articles:section-feed", pk=c.article.section_id),
        section_feed,
        names_for=as_visitor,
    ),
    # Visitors' language links: a GET sets the cookie (here: no language
    # given, so it only goes home).
    "i18n/setlang/": Entry(
        "set_language",
        no_case,
        lambda w, c: "/i18n/setlang/",
        always(Expect(302, "/")),
        methods=("GET", "POST"),
        site_page=False,
    ),
    "media/articles/<path:name>": Entry(
        "article-image",
        image_cases,
        lambda w, c: c[0].image.url if c[0] else "/media/articles/2020/01/none.png",
        article_image,
    ),
    LANG: Entry("home", no_case, lambda w, c: rev("home"), always(OK)),
    LANG + "categories/<int:pk>-<slug:slug>/": Entry(
        "articles:category",
        article_cases,
        lambda w, c: c.article.section.category.get_absolute_url(),
        listing,
    ),
    LANG + "sections/<int:pk>-<slug:slug>/": Entry(
        "articles:section",
        article_cases,
        lambda w, c: c.article.section.get_absolute_url(),
        listing,
    ),
    LANG + "articles/<int:pk>-<slug:slug>/": Entry(
        "articles:detail", article_cases, lambda w, c: c.url, article_page
    ),
    LANG + "articles/<int:pk>/": Entry(
        "articles:detail-short",
        article_cases,
        lambda w, c: rev("articles:detail-short", pk=c.article.pk),
        article_short,
    ),
    LANG + "articles/<int:pk>/vote/": Entry(
        "articles:vote",
        article_cases,
        lambda w, c: rev("articles:vote", pk=c.article.pk),
        always(NOT_ALLOWED),
        methods=("POST",),
    ),
    LANG + "articles/<int:pk>/vote/reason/": Entry(
        "articles:vote-reason",
        article_cases,
        lambda w, c: rev("articles:vote-reason", pk=c.article.pk),
        always(NOT_ALLOWED),
        methods=("POST",),
    ),
    LANG + "articles/<int:pk>/comments/": Entry(
        "articles:comment-create",
        article_cases,
        lambda w, c: rev("articles:comment-create", pk=c.article.pk),
        always(NOT_ALLOWED),
        methods=("POST",),
    ),
    LANG + "articles/<int:pk>/follow/": Entry(
        "articles:follow",
        article_cases,
        lambda w, c: rev("articles:follow", pk=c.article.pk),
        always(NOT_ALLOWED),
        methods=("POST",),
    ),
    LANG + "comments/<int:pk>/": Entry(
        "articles:comment",
        comment_cases,
        lambda w, c: rev("articles:comment", pk=c.comment.pk),
        comment_link,
    ),
    LANG + "comments/<int:pk>/edit/": Entry(
        "articles:comment-edit",
        comment_cases,
        lambda w, c: rev("articles:comment-edit", pk=c.comment.pk),
        comment_change,
        methods=("GET", "POST"),
    ),
    LANG + "comments/<int:pk>/delete/": Entry(
        "articles:comment-delete",
        comment_cases,
        lambda w, c: rev("articles:comment-delete", pk=c.comment.pk),
        comment_change,
        methods=("GET", "POST"),
    ),
    LANG + "unfollow/<str:token>/": Entry(
        "articles:unfollow",
        token_cases,
        lambda w, c: rev(
            "articles:unfollow",
            token=notifications.unfollow_token(c) if c else "not-a-token",
        ),
        unfollow,
        methods=("GET", "POST"),
        names_for=follower_of,
    ),
    LANG + "moderation/": Entry(
        "articles:moderation",
        no_case,
        lambda w, c: rev("articles:moderation"),
        managers_only,
        methods=("GET", "POST"),
        # Managers moderate comments on any article, drafts included.
        site_page=False,
    ),
    LANG + "search/": Entry(
        "articles:search",
        no_case,
        lambda w, c: rev("articles:search") + "?q=matrixword",
        always(OK),
    ),
    LANG + "search/suggest/": Entry(
        "articles:suggest",
        no_case,
        lambda w, c: rev("articles:suggest") + "?q=Matrix",
        always(OK),
    ),
    LANG + "support/": Entry(
        "support:contact", no_case, lambda w, c: rev("support:contact"), always(OK)
    ),
    LANG + "support/region/": Entry(
        "support:choose-region",
        no_case,
        lambda w, c: rev("support:choose-region"),
        # Nothing chosen: back to the contact page, with a message.
        always(Expect(302, rev("support:contact"))),
        methods=("GET", "POST"),
    ),
    LANG + "support/request/": Entry(
        "support:request",
        no_case,
        lambda w, c: rev("support:request"),
        always(OK),
        methods=("GET", "POST"),
    ),
    LANG + "support/request/sent/": Entry(
        "support:request-sent",
        no_case,
        lambda w, c: rev("support:request-sent"),
        # Nothing was sent in this session: back to the form.
        lambda w, c, url: Expect(302, rev("support:request")),
    ),
    LANG + "support/attachments/<int:pk>/": Entry(
        "support:attachment",
        attachment_cases,
        lambda w, c: rev("support:attachment", pk=c.pk if c else 999999),
        screenshot,
    ),
}

# Pages whose expectations hold in every language, checked in others too.
ARTICLE_ROUTES = [
    LANG + "categories/<int:pk>-<slug:slug>/",
    LANG + "sections/<int:pk>-<slug:slug>/",
    LANG + "articles/<int:pk>-<slug:slug>/",
    LANG + "articles/<int:pk>/",
    LANG + "comments/<int:pk>/",
    LANG + "support/attachments/<int:pk>/",
    LANG + "feeds/articles/",
    LANG + "feeds/sections/<int:pk>/",
]


# allauth's pages (accounts/...), as configured here: email login, no login
# by code, verified addresses (the factories verify them).


def visitors_only(world, case, url):
    """Sign-in and sign-up: a signed-in user is sent to the home page."""
    return OK if world.role == "visitor" else Expect(302, rev("home"))


def signed_in_only(world, case, url):
    return sign_in(url) if world.role == "visitor" else OK


def no_codes(visitor_to: Callable[[str], Expect], signed_in_to: str):
    """Pages that confirm a code no one asked for: allauth sends each on."""

    def expect(world, case, url):
        if world.role == "visitor":
            return visitor_to(url)
        return Expect(302, rev(signed_in_to))

    return expect


ACCOUNTS = {
    LANG + "accounts/login/": Entry(
        "account_login",
        no_case,
        lambda w, c: rev("account_login"),
        visitors_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/logout/": Entry(
        "account_logout",
        no_case,
        lambda w, c: rev("account_logout"),
        # GET asks to confirm; a visitor has nothing to sign out of.
        lambda w, c, url: Expect(302, rev("home")) if w.role == "visitor" else OK,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/inactive/": Entry(
        "account_inactive", no_case, lambda w, c: rev("account_inactive"), always(OK)
    ),
    LANG + "accounts/signup/": Entry(
        "account_signup",
        no_case,
        lambda w, c: rev("account_signup"),
        visitors_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/reauthenticate/": Entry(
        "account_reauthenticate",
        no_case,
        lambda w, c: rev("account_reauthenticate"),
        signed_in_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/reauthenticate/code/": Entry(
        "account_request_reauthentication_code",
        no_case,
        lambda w, c: rev("account_request_reauthentication_code"),
        # Signed-in users with a verified address may get a code by email.
        signed_in_only,
    ),
    LANG + "accounts/reauthenticate/code/confirm/": Entry(
        "account_confirm_reauthentication_code",
        no_case,
        lambda w, c: rev("account_confirm_reauthentication_code"),
        no_codes(sign_in, "account_request_reauthentication_code"),
    ),
    LANG + "accounts/email/": Entry(
        "account_email",
        no_case,
        lambda w, c: rev("account_email"),
        signed_in_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/confirm-email/": Entry(
        "account_email_verification_sent",
        no_case,
        lambda w, c: rev("account_email_verification_sent"),
        always(OK),
    ),
    LANG + "accounts/password/change/": Entry(
        "account_change_password",
        no_case,
        lambda w, c: rev("account_change_password"),
        signed_in_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/password/set/": Entry(
        "account_set_password",
        no_case,
        lambda w, c: rev("account_set_password"),
        # Everyone here has a password: sent to change it instead.
        lambda w, c, url: (
            sign_in(url)
            if w.role == "visitor"
            else Expect(302, rev("account_change_password"))
        ),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/password/reset/": Entry(
        "account_reset_password",
        no_case,
        lambda w, c: rev("account_reset_password"),
        always(OK),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/login/code/confirm/": Entry(
        "account_confirm_login_code",
        no_case,
        lambda w, c: rev("account_confirm_login_code"),
        no_codes(lambda url: Expect(302, rev("account_login")), "home"),
    ),
    LANG + r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": Entry(
        "account_confirm_email",
        lambda w: [("invalid key", "no-such-key")],
        lambda w, c: rev("account_confirm_email", key=c),
        # The "expired or invalid link" page.
        always(OK),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/password/reset/key/done/": Entry(
        "account_reset_password_from_key_done",
        no_case,
        lambda w, c: rev("account_reset_password_from_key_done"),
        always(OK),
    ),
    LANG + "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Entry(
        "account_reset_password_from_key",
        lambda w: [("invalid key", ("zz", "bad-key"))],
        lambda w, c: rev("account_reset_password_from_key", uidb36=c[0], key=c[1]),
        # The "bad token" page.
        always(OK),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/password/reset/done/": Entry(
        "account_reset_password_done",
        no_case,
        lambda w, c: rev("account_reset_password_done"),
        always(OK),
    ),
}


# allauth's second factor (allauth.mfa), for roles without an authenticator:
# nothing to show, confirm or switch off yet.


def quoted_next(url: str, next_url: str) -> str:
    """A `next` quoted whole, as allauth's MFA views do."""
    return f"{url}?next={quote(next_url, safe='')}"


def mfa_page(visitor, signed_in):
    """visitor, signed_in: Expect, or a function of the URL."""

    def expect(world, case, url):
        answer = visitor if world.role == "visitor" else signed_in
        return answer(url) if callable(answer) else answer

    return expect


def after_reauthentication(url: str) -> Expect:
    return Expect(302, quoted_next(rev("account_reauthenticate"), url))


MFA = {
    LANG + "accounts/2fa/": Entry(
        "mfa_index", no_case, lambda w, c: rev("mfa_index"), signed_in_only
    ),
    LANG + "accounts/2fa/authenticate/": Entry(
        "mfa_authenticate",
        no_case,
        lambda w, c: rev("mfa_authenticate"),
        # Only during a sign-in that asks for the second factor.
        lambda w, c, url: Expect(
            302, rev("account_login") if w.role == "visitor" else rev("home")
        ),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/2fa/reauthenticate/": Entry(
        "mfa_reauthenticate",
        no_case,
        lambda w, c: rev("mfa_reauthenticate"),
        # Without an authenticator: the password instead.
        mfa_page(sign_in, lambda url: Expect(302, rev("account_reauthenticate"))),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/2fa/recovery-codes/": Entry(
        "mfa_view_recovery_codes",
        no_case,
        lambda w, c: rev("mfa_view_recovery_codes"),
        mfa_page(sign_in, NOT_FOUND),
    ),
    LANG + "accounts/2fa/recovery-codes/download/": Entry(
        "mfa_download_recovery_codes",
        no_case,
        lambda w, c: rev("mfa_download_recovery_codes"),
        mfa_page(sign_in, NOT_FOUND),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/2fa/recovery-codes/generate/": Entry(
        "mfa_generate_recovery_codes",
        no_case,
        lambda w, c: rev("mfa_generate_recovery_codes"),
        mfa_page(
            lambda url: Expect(302, quoted_next(rev("account_login"), url)),
            after_reauthentication,
        ),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/2fa/totp/activate/": Entry(
        "mfa_activate_totp",
        no_case,
        lambda w, c: rev("mfa_activate_totp"),
        mfa_page(
            lambda url: Expect(302, quoted_next(rev("account_login"), url)),
            after_reauthentication,
        ),
        methods=("GET", "POST"),
    ),
    LANG + "accounts/2fa/totp/deactivate/": Entry(
        "mfa_deactivate_totp",
        no_case,
        lambda w, c: rev("mfa_deactivate_totp"),
        mfa_page(sign_in, NOT_FOUND),
        methods=("GET", "POST"),
    ),
}
if MFA_INSTALLED:
    ACCOUNTS.update(MFA)


# ---- The admin ----------------------------------------------------------------
#
# Visitors and publishers are sent to the admin's login page; staff get 200
# or 403 by their model permissions, less what a ModelAdmin refuses. A model
# registered without a line here has URLs without an entry.

ADMIN_MODELS = [
    "auth.group",
    "account.emailaddress",
    *(["mfa.authenticator"] if MFA_INSTALLED else []),
    "post_office.email",
    "users.user",
    "articles.category",
    "articles.section",
    "articles.article",
    "articles.articleimage",
    "articles.comment",
    "articles.vote",
    "articles.searchterm",
    "articles.articletranslation",
    "articles.revision",
    "support.region",
    "support.supportrequest",
    "zendesk.apitoken",
    "zendesk.zendeskrecord",
]

# What a ModelAdmin refuses although the model permission would allow it.
ADMIN_REFUSES = {
    # Votes change only through the site, with their counters.
    "articles.vote": {"add", "change", "delete"},
    # Search terms are counted by searches, never written by hand.
    "articles.searchterm": {"add", "change"},
    # Revisions are kept by saves, never written by hand.
    "articles.revision": {"add", "change", "delete"},
    # Requests come from the site's form.
    "support.supportrequest": {"add"},
    # Accounts are added and deleted by superusers only.
    "users.user": {"add", "delete"},
    # The outbox is written by sending mail, and read in the admin.
    "post_office.email": {"add", "change"},
    # People make their own tokens; records are made by imports.
    "zendesk.apitoken": {"add"},
    "zendesk.zendeskrecord": {"add"},
}


def admin_may(world: World, label: str, action: str, obj=None) -> bool:
    if action == "view_or_change":
        return admin_may(world, label, "view", obj) or admin_may(
            world, label, "change", obj
        )
    if action in ADMIN_REFUSES.get(label, ()):
        return False
    if (
        label == "articles.article"
        and action == "delete"
        and getattr(obj, "status", "") == "published"
        and not world.user.has_perm("articles.publish_article")
    ):
        return False  # deleting a published article unpublishes it
    if label == "articles.articletranslation" and action == "delete":
        # Deleting a translation unpublishes it: for those who may publish.
        return world.user.has_perms(
            ["articles.publish_article", "articles.delete_articletranslation"]
        )
    if label == "users.user" and action == "change" and getattr(obj, "is_staff", 0):
        return False  # staff accounts are not support staff's to change
    app, model = label.split(".")
    return world.user.has_perm(f"{app}.{action}_{model}")


def is_staff_role(world: World) -> bool:
    return world.role in ("staff", "manager")


def admin_rule(label: str, action: str):
    def expect(world, obj, url):
        if not is_staff_role(world):
            return admin_sign_in(url)
        return OK if admin_may(world, label, action, obj) else FORBIDDEN

    return expect


def staff_get(expect_for_staff: Expect):
    def expect(world, case, url):
        return expect_for_staff if is_staff_role(world) else admin_sign_in(url)

    return expect


def admin_objects(label: str):
    return lambda world: world.admin_objects[label]


def admin_model_entries(label: str) -> dict[str, Entry]:
    app, model = label.split(".")
    base = f"{admin_prefix()}{app}/{model}/"
    info = f"admin:{app}_{model}"

    def old_address(world, obj, url):
        if not is_staff_role(world):
            return admin_sign_in(url)
        return Expect(302, rev(f"{info}_change", obj.pk))

    objects = admin_objects(label)
    return {
        base: Entry(
            f"{info}_changelist",
            no_case,
            lambda w, c: rev(f"{info}_changelist"),
            admin_rule(label, "view_or_change"),
            methods=("GET", "POST"),
            site_page=False,
        ),
        base + "add/": Entry(
            f"{info}_add",
            no_case,
            lambda w, c: rev(f"{info}_add"),
            admin_rule(label, "add"),
            methods=("GET", "POST"),
            site_page=False,
        ),
        base + "<path:object_id>/history/": Entry(
            f"{info}_history",
            objects,
            lambda w, c: rev(f"{info}_history", c.pk),
            admin_rule(label, "view_or_change"),
            site_page=False,
        ),
        base + "<path:object_id>/delete/": Entry(
            f"{info}_delete",
            objects,
            lambda w, c: rev(f"{info}_delete", c.pk),
            admin_rule(label, "delete"),
            methods=("GET", "POST"),
            site_page=False,
        ),
        base + "<path:object_id>/change/": Entry(
            f"{info}_change",
            objects,
            lambda w, c: rev(f"{info}_change", c.pk),
            admin_rule(label, "view_or_change"),
            methods=("GET", "POST"),
            site_page=False,
        ),
        # The change page's old address.
        base + "<path:object_id>/": Entry(
            "",
            objects,
            lambda w, c: f"/{base}{c.pk}/",
            old_address,
            site_page=False,
        ),
    }


def view_on_site_cases(world):
    cases = [(f"article {c.label}", c.article) for c in world.articles]
    cases += [(c.label, c.comment) for c in world.comments if not c.own]
    return [*cases, ("screenshot", world.attachment)]


def view_on_site(world, obj, url):
    """Staff are sent to the object's address; whether they may read it
    there is the site's business."""
    if not is_staff_role(world):
        return admin_sign_in(url)
    return Expect(302, "http://testserver" + obj.get_absolute_url())


def password_form(world, account, url):
    if not is_staff_role(world):
        return admin_sign_in(url)
    # Setting a password takes over the account: administrators only.
    return FORBIDDEN


def admin_login(world: World, url: str, *, post: bool = False) -> Expect:
    """The admin's login page is allauth's sign-in (no side door).

    Visitors are sent to it, publishers are refused, staff already signed in
    go on to the admin (a POST there is Django's form, with nothing in it).
    """
    if is_staff_role(world):
        return OK if post else Expect(302, rev("admin:index"))
    if world.role == "visitor" and post:
        # In the language the visitor chose earlier in the run (setlang).
        return Expect(302, "/", prefix=True)
    if world.role == "visitor":
        return Expect(302, quoted_next(rev("account_login"), url))
    return FORBIDDEN


ADMIN_APPS = list(dict.fromkeys(label.split(".")[0] for label in ADMIN_MODELS))
A = admin_prefix()

ADMIN = {
    A: Entry(
        "admin:index",
        no_case,
        lambda w, c: rev("admin:index"),
        staff_get(OK),
        site_page=False,
    ),
    A + "login/": Entry(
        "admin:login",
        no_case,
        lambda w, c: rev("admin:login"),
        lambda w, c, url: admin_login(w, url),
        methods=("GET", "POST"),
        site_page=False,
    ),
    A + "logout/": Entry(
        "admin:logout",
        no_case,
        lambda w, c: rev("admin:logout"),
        # POST only; those not signed in to the admin go to its index.
        lambda w, c, url: (
            NOT_ALLOWED if is_staff_role(w) else Expect(302, rev("admin:index"))
        ),
        methods=("POST",),
        site_page=False,
    ),
    A + "password_change/": Entry(
        "admin:password_change",
        no_case,
        lambda w, c: rev("admin:password_change"),
        staff_get(OK),
        methods=("GET", "POST"),
        site_page=False,
    ),
    A + "password_change/done/": Entry(
        "admin:password_change_done",
        no_case,
        lambda w, c: rev("admin:password_change_done"),
        staff_get(OK),
        site_page=False,
    ),
    A + "autocomplete/": Entry(
        "admin:autocomplete",
        no_case,
        lambda w, c: (
            rev("admin:autocomplete")
            + "?app_label=articles&model_name=articleimage&field_name=article&term=M"
        ),
        admin_rule("articles.article", "view"),
        site_page=False,
    ),
    A + "jsi18n/": Entry(
        "admin:jsi18n",
        no_case,
        lambda w, c: rev("admin:jsi18n"),
        staff_get(OK),
        site_page=False,
    ),
    A + "r/<path:content_type_id>/<path:object_id>/": Entry(
        "admin:view_on_site",
        view_on_site_cases,
        lambda w, c: rev(
            "admin:view_on_site", ContentType.objects.get_for_model(c).pk, c.pk
        ),
        view_on_site,
        site_page=False,
    ),
    A + "^(?P<app_label>" + "|".join(ADMIN_APPS) + ")/$": Entry(
        "admin:app_list",
        lambda w: [(app, app) for app in ADMIN_APPS],
        lambda w, c: rev("admin:app_list", c),
        # An app's page lists the models the user has any permission on.
        lambda w, c, url: (
            (OK if w.user.has_module_perms(c) else NOT_FOUND)
            if is_staff_role(w)
            else admin_sign_in(url)
        ),
        site_page=False,
    ),
    A + "(?P<url>.*)$": Entry(
        "",
        lambda w: [("unknown admin page", "no-such-page/")],
        lambda w, c: rev("admin:index") + c,
        staff_get(NOT_FOUND),
        site_page=False,
    ),
    # ArticleAdmin's own pages: staff preview drafts here, and only here.
    A + "articles/article/<int:pk>/preview/": Entry(
        "admin:articles_article_preview",
        article_cases,
        lambda w, c: rev("admin:articles_article_preview", c.article.pk),
        admin_rule("articles.article", "view_or_change"),
        site_page=False,
    ),
    A + "articles/article/preview-markdown/": Entry(
        "admin:articles_markdown_preview",
        no_case,
        lambda w, c: rev("admin:articles_markdown_preview"),
        staff_get(NOT_ALLOWED),
        methods=("POST",),
        site_page=False,
    ),
    A + "articles/article/feedback/": Entry(
        "admin:articles_article_feedback",
        no_case,
        lambda w, c: rev("admin:articles_article_feedback"),
        admin_rule("articles.vote", "view"),
        site_page=False,
    ),
    # The editorial workflow's pages: revisions, the editor's helpers, the
    # Needs attention page, and reviewing, which is for those who publish.
    A + "articles/article/<int:pk>/revisions/": Entry(
        "admin:articles_article_revisions",
        article_cases,
        lambda w, c: rev("admin:articles_article_revisions", c.article.pk),
        admin_rule("articles.revision", "view"),
        site_page=False,
    ),
    A + "articles/article/upload-image/": Entry(
        "admin:articles_image_upload",
        no_case,
        lambda w, c: rev("admin:articles_image_upload"),
        staff_get(NOT_ALLOWED),
        methods=("POST",),
        site_page=False,
    ),
    A + "articles/article/links/": Entry(
        "admin:articles_article_links",
        no_case,
        lambda w, c: rev("admin:articles_article_links") + "?q=matrix",
        admin_rule("articles.article", "view"),
        site_page=False,
    ),
    A + "articles/article/attention/": Entry(
        "admin:articles_article_attention",
        no_case,
        lambda w, c: rev("admin:articles_article_attention"),
        admin_rule("articles.article", "view"),
        site_page=False,
    ),
    **{
        A + f"articles/revision/<int:pk>/{action}/": Entry(
            f"admin:articles_revision_{action.replace('-', '_')}",
            admin_objects("articles.revision"),
            lambda w, c, action=action: rev(
                f"admin:articles_revision_{action.replace('-', '_')}", c.pk
            ),
            staff_get(NOT_ALLOWED),
            methods=("POST",),
            site_page=False,
        )
        for action in ("publish", "send-back", "restore")
    },
    # The outbox's own pages (django-post-office): no role here may read
    # mail, which holds sign-in links.
    A + "post_office/email/<int:pk>/preview/": Entry(
        "admin:post_office_email_preview",
        admin_objects("post_office.email"),
        lambda w, c: rev("admin:post_office_email_preview", c.pk),
        staff_get(FORBIDDEN),
        site_page=False,
    ),
    A + "post_office/email/^(?P<pk>\\d+)/image/(?P<content_id>[0-9a-f]{32})$": Entry(
        "admin:post_office_email_image",
        admin_objects("post_office.email"),
        lambda w, c: rev("admin:post_office_email_image", c.pk, "0" * 32),
        staff_get(FORBIDDEN),
        site_page=False,
    ),
    # UserAdmin's password form.
    A + "users/user/<id>/password/": Entry(
        "admin:auth_user_password_change",
        admin_objects("users.user"),
        lambda w, c: rev("admin:auth_user_password_change", c.pk),
        password_form,
        methods=("GET", "POST"),
        site_page=False,
    ),
}
for _label in ADMIN_MODELS:
    ADMIN.update(admin_model_entries(_label))

# The Zendesk Help Center API (JSON; its titles checked like a page's), the
# old /hc/ addresses and the API tokens page.
API = "^api/v2/help_center/"
API_LOCALE = API + "(?P<locale>[A-Za-z]{2}(?:-[A-Za-z]{2})?)/"
ID = "(?P<pk>\\d{1,18})"


def api_url(path: str) -> Callable:
    return lambda w, c: "/api/v2/help_center/" + path(c)


def readable_json(world, case: ArticleCase, url):
    return OK if case.readable(world.role) else NOT_FOUND


def api_entries(route: str, name: str, cases, path, get) -> dict[str, Entry]:
    """The route with and without a locale (en-us, the articles' own)."""
    return {
        API + route + "$": Entry(f"zendesk:{name}", cases, api_url(path), get),
        API_LOCALE + route + "$": Entry(
            f"zendesk:{name}-locale", cases, api_url(lambda c: "en-us/" + path(c)), get
        ),
    }


def old_article(world, case: ArticleCase, url):
    if case.readable(world.role) or case.sign_in_first(world.role):
        return Expect(301, f"/en/articles/{case.article.pk}/")
    return NOT_FOUND


def old_listing(kind: str):
    def expect(world, case: ArticleCase, url):
        if not case.readable(world.role):
            return NOT_FOUND
        row = case.article.section
        row = row.category if kind == "category" else row
        return Expect(301, row.get_absolute_url())

    return expect


def old_attachment(world, value, url):
    image, case = value
    if case is not None and case.readable(world.role):
        return Expect(301, image.image.url)
    return NOT_FOUND


def token_page_cases(world):
    return world.tokens or [("no token of the visitor's", None)]


def revoke_get(world, case, url):
    return sign_in(url) if world.role == "visitor" else NOT_ALLOWED


ZENDESK = {
    **api_entries(
        "categories\\.json",
        "categories",
        no_case,
        lambda c: "categories.json",
        always(OK),
    ),
    **api_entries(
        f"categories/{ID}\\.json",
        "category",
        article_cases,
        lambda c: f"categories/{c.article.section.category_id}.json",
        readable_json,
    ),
    **api_entries(
        "categories/(?P<category_pk>\\d{1,18})/sections\\.json",
        "category-sections",
        article_cases,
        lambda c: f"categories/{c.article.section.category_id}/sections.json",
        readable_json,
    ),
    **api_entries(
        "sections\\.json", "sections", no_case, lambda c: "sections.json", always(OK)
    ),
    **api_entries(
        f"sections/{ID}\\.json",
        "section",
        article_cases,
        lambda c: f"sections/{c.article.section_id}.json",
        readable_json,
    ),
    **api_entries(
        "sections/(?P<section_pk>\\d{1,18})/articles\\.json",
        "section-articles",
        article_cases,
        lambda c: f"sections/{c.article.section_id}/articles.json",
        readable_json,
    ),
    **api_entries(
        "articles\\.json", "articles", no_case, lambda c: "articles.json", always(OK)
    ),
    **api_entries(
        "articles/search\\.json",
        "search",
        no_case,
        lambda c: "articles/search.json?query=matrixword",
        always(OK),
    ),
    **api_entries(
        f"articles/{ID}\\.json",
        "article",
        article_cases,
        lambda c: f"articles/{c.article.pk}.json",
        readable_json,
    ),
    **api_entries(
        f"articles/{ID}/translations\\.json",
        "translations",
        article_cases,
        lambda c: f"articles/{c.article.pk}/translations.json",
        readable_json,
    ),
    **api_entries(
        f"articles/{ID}/comments\\.json",
        "comments",
        article_cases,
        lambda c: f"articles/{c.article.pk}/comments.json",
        readable_json,
    ),
    # Votes are POSTs with a token: a GET is not allowed.
    API + f"articles/{ID}/(?P<direction>up|down)\\.json$": Entry(
        "zendesk:vote",
        article_cases,
        api_url(lambda c: f"articles/{c.article.pk}/up.json"),
        always(NOT_ALLOWED),
        methods=("POST",),
    ),
    "api/v2/help_center/incremental/articles.json": Entry(
        "zendesk:incremental",
        no_case,
        api_url(lambda c: "incremental/articles.json?start_time=0"),
        always(OK),
    ),
    API: Entry(
        "zendesk:unknown",
        lambda w: [("unknown API address", "tickets.json")],
        api_url(lambda c: c),
        always(NOT_FOUND),
        methods=("GET", "POST"),
    ),
    "^hc/(?:(?P<locale>[A-Za-z-]+)/)?(?P<kind>articles|sections|categories)/"
    "(?P<zendesk_id>\\d{1,18})(?:-[^/]*)?/?$": Entry(
        "zendesk:old-address",
        lambda w: [
            *((f"article {c.label}", ("articles", c)) for c in w.articles),
            *((f"section {c.label}", ("sections", c)) for c in w.articles),
            *((f"category {c.label}", ("categories", c)) for c in w.articles),
        ],
        lambda w, c: {
            "articles": f"/hc/en-us/articles/{c[1].article.pk}-old-title",
            "sections": f"/hc/en-us/sections/{c[1].article.section_id}",
            "categories": f"/hc/categories/{c[1].article.section.category_id}",
        }[c[0]],
        lambda w, c, url: {
            "articles": old_article,
            "sections": old_listing("section"),
            "categories": old_listing("category"),
        }[c[0]](w, c[1], url),
        site_page=False,
    ),
    "^hc/(?:[A-Za-z-]+/)?article_attachments/"
    "(?P<zendesk_id>\\d{1,18})(?:/[^/]*)?$": Entry(
        "zendesk:old-attachment",
        image_cases,
        lambda w, c: f"/hc/article_attachments/{c[0].pk if c[0] else 999999}/shot.png",
        old_attachment,
        site_page=False,
    ),
    LANG + "accounts/api-tokens/": Entry(
        "zendesk-account:tokens",
        no_case,
        lambda w, c: rev("zendesk-account:tokens"),
        signed_in_only,
        methods=("GET", "POST"),
    ),
    LANG + "accounts/api-tokens/<int:pk>/revoke/": Entry(
        "zendesk-account:revoke",
        token_page_cases,
        lambda w, c: rev("zendesk-account:revoke", pk=c.pk if c else 999999),
        revoke_get,
        methods=("POST",),
        site_page=False,
    ),
}

TABLE: dict[str, Entry] = {**SITE, **ACCOUNTS, **ADMIN, **ZENDESK}


# ---- POSTs --------------------------------------------------------------------
#
# For every entry that takes a POST: the data, and the expected answer and
# whether the database changes. None: allowed, and left to the app's own
# tests (an admin form a role may use). In the order they are sent.


@dataclass(frozen=True)
class Post:
    data: Callable[[World, Any], dict]
    expect: Callable[[World, Any, str], Expect | None]


def no_data(world, case):
    return {}


def vote_reason_post(world, case: ArticleCase, url):
    if world.role == "visitor":
        return sign_in(url)
    if not case.readable(world.role):
        return NOT_FOUND
    # The No vote the role cast gets its reason.
    return changing(Expect(302, case.url + "#feedback"))


def vote_post(world, case: ArticleCase, url):
    if world.role == "visitor":
        if case.readable(world.role) or case.sign_in_first(world.role):
            return sign_in(case.url + "#feedback")
        return NOT_FOUND
    if not case.readable(world.role):
        return NOT_FOUND
    return changing(Expect(302, case.url + "#feedback"))


def comment_post(world, case: ArticleCase, url):
    if world.role == "visitor":
        if case.readable(world.role) or case.sign_in_first(world.role):
            return sign_in(case.url + "#comment-form")
        return NOT_FOUND
    if not case.readable(world.role):
        return NOT_FOUND
    return changing(Expect(302, case.url + "#comment-", prefix=True))


def follow_post(world, case: ArticleCase, url):
    if world.role == "visitor":
        return sign_in(url)
    if not case.readable(world.role):
        return NOT_FOUND
    return changing(Expect(302, case.url + "#follow"))


def comment_change_post(anchor: Callable[[CommentCase], str]):
    def expect(world, case: CommentCase, url):
        answer = comment_change(world, case, url)
        if answer.status == 200:
            return changing(Expect(302, case.of.url + anchor(case)))
        return answer

    return expect


def unfollow_post(world, follow, url):
    if follow is None:
        return BAD_REQUEST
    # The follow goes, whoever holds the token (a mail client, signed out).
    return changing(unfollow(world, follow, url))


def moderation_post(world, case, url):
    answer = managers_only(world, case, url)
    if answer.status == 200:
        return changing(Expect(302, rev("articles:moderation") + "?status=pending"))
    return answer


def signed_in_changes(expect: Expect):
    """Allowed to all; a signed-in user's profile keeps the choice."""

    def post(world, case, url):
        return replace(expect, changes=world.user is not None)

    return post


def support_request_data(world, case):
    return {
        "email": "pat@example.com",
        "site_id": "1234567",
        "subject": "Links stopped tracking",
        "topic": "tracking",
        "description": "Since Monday no clicks are counted.",
        "contact_method": "email",
        "website": "",
    }


def for_accounts(visitor: Expect | None, signed_in: Expect | None):
    """allauth's forms, posted empty: nothing changes for anyone."""

    def expect(world, case, url):
        answer = visitor if world.role == "visitor" else signed_in
        return sign_in(url) if answer is SIGN_IN else answer

    return expect


SIGN_IN = Expect(302, "<sign in>")

POSTS: dict[str, Post] = {
    LANG + "articles/<int:pk>/vote/reason/": Post(
        lambda w, c: {"reason": "inaccurate", "details": "Matrix details"},
        vote_reason_post,
    ),
    LANG + "articles/<int:pk>/vote/": Post(lambda w, c: {"helpful": "yes"}, vote_post),
    # Before commenting, which makes the author follow the article.
    LANG + "articles/<int:pk>/follow/": Post(lambda w, c: {"follow": "1"}, follow_post),
    LANG + "articles/<int:pk>/comments/": Post(
        lambda w, c: {"body": "A matrix comment", "website": ""}, comment_post
    ),
    LANG + "moderation/": Post(
        lambda w, c: {"action": "approve", "comment": [w.queued.pk]}, moderation_post
    ),
    LANG + "comments/<int:pk>/edit/": Post(
        lambda w, c: {"body": "Edited by the matrix", "website": ""},
        comment_change_post(lambda case: f"#comment-{case.comment.pk}"),
    ),
    LANG + "comments/<int:pk>/delete/": Post(
        no_data, comment_change_post(lambda case: "#comments")
    ),
    LANG + "unfollow/<str:token>/": Post(no_data, unfollow_post),
    "i18n/setlang/": Post(
        lambda w, c: {"language": "fr", "next": "/en/"},
        signed_in_changes(Expect(302, "/fr/")),
    ),
    LANG + "support/region/": Post(
        lambda w, c: {
            "region": Region.objects.get(name="France").pk,
            "next": "/en/support/",
        },
        signed_in_changes(Expect(302, "/en/support/")),
    ),
    LANG + "support/request/": Post(
        support_request_data,
        lambda w, c, url: changing(Expect(302, rev("support:request-sent"))),
    ),
    # allauth
    LANG + "accounts/login/": Post(no_data, for_accounts(OK, Expect(302, "/en/"))),
    LANG + "accounts/logout/": Post(
        no_data, for_accounts(Expect(302, "/en/"), Expect(302, "/en/"))
    ),
    LANG + "accounts/signup/": Post(no_data, for_accounts(OK, Expect(302, "/en/"))),
    LANG + "accounts/reauthenticate/": Post(no_data, for_accounts(SIGN_IN, OK)),
    LANG + "accounts/email/": Post(
        no_data, for_accounts(SIGN_IN, Expect(302, "/en/accounts/email/"))
    ),
    LANG + "accounts/password/change/": Post(no_data, for_accounts(SIGN_IN, OK)),
    LANG + "accounts/password/set/": Post(
        no_data, for_accounts(SIGN_IN, Expect(302, "/en/accounts/password/change/"))
    ),
    LANG + "accounts/password/reset/": Post(no_data, for_accounts(OK, OK)),
    # An unknown key: nothing to confirm.
    LANG + r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": Post(
        no_data, always(NOT_FOUND)
    ),
    LANG + "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Post(
        no_data, for_accounts(OK, OK)
    ),
    # The admin's own pages.
    A + "login/": Post(no_data, lambda w, c, url: admin_login(w, url, post=True)),
    A + "logout/": Post(
        no_data,
        lambda w, c, url: OK if is_staff_role(w) else Expect(302, rev("admin:index")),
    ),
    A + "password_change/": Post(no_data, staff_get(OK)),
    A + "articles/article/preview-markdown/": Post(
        lambda w, c: {"body": "Some *text*"}, staff_get(OK)
    ),
    # No file: the form's error, for those who may add images.
    A + "articles/article/upload-image/": Post(no_data, staff_get(Expect(400))),
    # The world's revision is saved, not awaiting review: nobody publishes
    # it; a reviewer's empty comment is refused with the form.
    A + "articles/revision/<int:pk>/publish/": Post(no_data, staff_get(FORBIDDEN)),
    A + "articles/revision/<int:pk>/send-back/": Post(
        no_data,
        lambda w, c, url: (
            (OK if w.user.has_perm("articles.publish_article") else FORBIDDEN)
            if is_staff_role(w)
            else admin_sign_in(url)
        ),
    ),
    A + "articles/revision/<int:pk>/restore/": Post(
        no_data,
        lambda w, c, url: (
            changing(Expect(302, rev("admin:articles_article_revisions", c.article_id)))
            if is_staff_role(w)
            else admin_sign_in(url)
        ),
    ),
    A + "users/user/<id>/password/": Post(
        lambda w, c: {
            "password1": "Matrix-new-pass-42",
            "password2": "Matrix-new-pass-42",
            "usable_password": "true",
        },
        password_form,
    ),
}


if MFA_INSTALLED:
    for _route, _entry in MFA.items():
        if "POST" in _entry.methods:
            POSTS[_route] = Post(no_data, _entry.get)


def admin_post(label: str, action: str):
    """A form a role may not use is refused; one it may use is not sent."""

    def expect(world, obj, url):
        if not is_staff_role(world):
            return admin_sign_in(url)
        return None if admin_may(world, label, action, obj) else FORBIDDEN

    return expect


def comment_actions(world, case, url):
    """The moderation actions on the admin's comment list."""
    if not is_staff_role(world):
        return admin_sign_in(url)
    if world.user.has_perm("articles.moderate_comment"):
        return changing(Expect(302, url))
    # Support staff have no action at all: the list, unchanged.
    return OK


for _label in ADMIN_MODELS:
    _app, _model = _label.split(".")
    _base = f"{A}{_app}/{_model}/"
    POSTS[_base] = Post(no_data, admin_post(_label, "view_or_change"))
    POSTS[_base + "add/"] = Post(no_data, admin_post(_label, "add"))
    POSTS[_base + "<path:object_id>/change/"] = Post(
        no_data, admin_post(_label, "change")
    )
    POSTS[_base + "<path:object_id>/delete/"] = Post(
        lambda w, c: {"post": "yes"}, admin_post(_label, "delete")
    )


def token_post(world, case, url):
    if world.role == "visitor":
        return sign_in(url)
    return changing(Expect(302, rev("zendesk-account:tokens")))


def revoke_post(world, token, url):
    if world.role == "visitor":
        return sign_in(url)
    if token is None or token.user_id != world.user.pk:
        return NOT_FOUND
    return changing(Expect(302, rev("zendesk-account:tokens")))


# The API writes only with a token: the roles' session cookies cannot.
POSTS[API + f"articles/{ID}/(?P<direction>up|down)\\.json$"] = Post(
    no_data, always(Expect(401))
)
POSTS[API] = Post(no_data, always(Expect(401)))
POSTS[LANG + "accounts/api-tokens/"] = Post(
    lambda w, c: {"name": "Matrix script"}, token_post
)
POSTS[LANG + "accounts/api-tokens/<int:pk>/revoke/"] = Post(no_data, revoke_post)
POSTS[A + "articles/comment/"] = Post(
    lambda w, c: {
        "action": "approve",
        "_selected_action": [w.queued_in_admin.pk],
        "index": "0",
    },
    comment_actions,
)


# ---- Discovery is complete ------------------------------------------------------


def missing_entries(discovered: dict[str, str]) -> list[str]:
    return sorted(set(discovered) - set(TABLE))


def test_every_url_pattern_has_an_entry():
    discovered = discover_patterns()
    assert len(discovered) > 100  # the admin, allauth and the site were walked
    assert missing_entries(discovered) == [], "URL patterns without an entry"
    assert sorted(set(TABLE) - set(discovered)) == [], "entries of gone patterns"
    assert discovered == {route: entry.name for route, entry in TABLE.items()}


def test_every_url_that_takes_a_post_has_a_post_entry():
    takes_post = {route for route, entry in TABLE.items() if "POST" in entry.methods}
    assert takes_post == set(POSTS)


# ---- Running the matrix -------------------------------------------------------


def compare(response, expect: Expect) -> str:
    location = response.get("Location")
    if response.status_code != expect.status:
        where = f" to {location}" if location else ""
        return f"got {response.status_code}{where}, expected {expect.status}"
    if expect.location is not None:
        if expect.prefix and not (location or "").startswith(expect.location):
            return f"redirected to {location}, expected {expect.location}..."
        if not expect.prefix and location != expect.location:
            return f"redirected to {location}, expected {expect.location}"
    elif location and 300 <= expect.status < 400:
        return f"redirected to {location}, no location expected"
    return ""


# Pages that list articles: each shows every article the role may read.
LISTS_ARTICLES = {"home", "articles:search", "articles:suggest"}


def shown_wrongly(world: World, entry: Entry, case, response) -> str:
    """What a 200 page of the site shows that the role may not see, or
    does not show that it should."""
    if not entry.site_page or response.status_code != 200 or response.streaming:
        return ""
    text = response.content.decode()
    role = entry.names_for(world, case) if entry.names_for else world.role
    names = world.names(role)
    shown = [name for name, allowed in names if not allowed and name in text]
    if shown:
        return f"shows {shown}"
    if entry.name in LISTS_ARTICLES:
        missing = [
            case.article.title
            for case in world.articles
            if case.readable(world.role) and case.article.title not in text
        ]
        if missing:
            return f"does not show {missing}"
    return ""


@dataclass
class Outcome:
    checks: int = 0
    problems: list[str] = field(default_factory=list)


def check(outcome, where, response, expect, entry, world, case, changed=None):
    outcome.checks += 1
    problem = compare(response, expect) or shown_wrongly(world, entry, case, response)
    if changed is not None and bool(changed) != expect.changes:
        did = f"changed {changed}" if changed else "did not change"
        problem = "; ".join(filter(None, [problem, f"the database {did}"]))
    if problem:
        outcome.problems.append(f"{where}: {problem}")


def cases_of(world: World, routes, method: str, languages=("en",), only_bugs=False):
    """(where, route, case, url, expect) for each check, in `routes` order.

    URLs and expectations are made in the page's language; a request may
    leave another one active in the thread, so it is set each time.
    """
    for route in routes:
        entry = TABLE[route]
        for language in languages if route.startswith(LANG) else ["en"]:
            for label, case in entry.cases(world):
                with translation.override(language):
                    url = entry.url(world, case)
                    if method == "GET":
                        expect = entry.get(world, case, url)
                    else:
                        expect = POSTS[route].expect(world, case, url)
                if expect is None or expect.bug != (only_bugs or ""):
                    continue
                where = f"{world.role} {method} {url} [{route} | {label}]"
                yield where, route, case, url, expect


def run_gets(world: World, routes, languages=("en",), only_bugs=False) -> Outcome:
    client = world.client()
    outcome = Outcome()
    for where, route, case, url, expect in cases_of(
        world, routes, "GET", languages, only_bugs
    ):
        response = client.get(url)
        close_quietly(response)
        check(outcome, where, response, expect, TABLE[route], world, case)
    return outcome


def run_posts(world: World, routes, only_bugs=False, **client_options) -> Outcome:
    outcome = Outcome()
    client = world.client(**client_options)
    for where, route, case, url, expect in cases_of(
        world, routes, "POST", only_bugs=only_bugs
    ):
        if world.user is not None and "_auth_user_id" not in client.session:
            client.force_login(world.user)  # a POST signed the role out
        data = POSTS[route].data(world, case)
        before = snapshot()
        response = client.post(url, data)
        close_quietly(response)
        changed = changes(before, snapshot())
        check(outcome, where, response, expect, TABLE[route], world, case, changed)
    return outcome


def assert_no_problems(outcome: Outcome) -> None:
    assert outcome.checks
    assert not outcome.problems, "\n" + "\n".join(outcome.problems)


def close_quietly(response) -> None:
    """Close a response (a file it streams, say) the way the test client
    does: without request_finished closing the database connection, which
    on PostgreSQL would end the test's transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


# ---- The tests ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def plain_templates(monkeypatch):
    """No copy of every template context for response.context, which these
    tests do not read: the admin's pages render several times faster."""
    saved = getattr(_TestState, "saved_data", None)  # setup_test_environment()
    if saved is not None:
        monkeypatch.setattr(Template, "_render", saved.template_render)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_site_and_accounts_answer_each_role_as_expected(role):
    """Every page of the site, of allauth and of the Zendesk API in English;
    the pages of articles, comments, sections, categories and screenshots
    also in another language (a different one for each role: all of them
    over the four)."""
    world = build_world(role)
    outcome = run_gets(world, [*SITE, *ACCOUNTS, *ZENDESK])
    others = [code for code in LANGUAGES if code != "en"]
    another = others[ROLES.index(role) % len(others)]
    in_other_languages = run_gets(world, ARTICLE_ROUTES, languages=[another])
    outcome.checks += in_other_languages.checks
    outcome.problems += in_other_languages.problems
    assert_no_problems(outcome)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_answers_each_role_as_expected(role):
    world = build_world(role)
    assert_no_problems(run_gets(world, ADMIN))


def run_refused_posts(world: World) -> Outcome:
    """POSTs every role is refused, before anything changes the world:

    - to the site's GET-only pages: 405;
    - without the CSRF token, to every form of the site and to the admin's
      moderation actions, on a case the role could otherwise act on: 403.
      The unfollow link is the one exception (its signed token is the
      authority, for mail clients' one-click unsubscribe).
    """
    outcome = Outcome()
    client = world.client()
    for route, entry in SITE.items():
        if entry.methods == ("GET",):
            with translation.override("en"):
                label, case = entry.cases(world)[0]
                url = entry.url(world, case)
            before = snapshot()
            response = client.post(url, {})
            close_quietly(response)
            where = f"{world.role} POST {url} [{route} | {label}]"
            changed = changes(before, snapshot())
            check(outcome, where, response, NOT_ALLOWED, entry, world, case, changed)
    strict = world.client(enforce_csrf_checks=True)
    routes = [route for route in POSTS if route in SITE] + [A + "articles/comment/"]
    for route in routes:
        entry = TABLE[route]
        with translation.override("en"):
            cases = []
            for label, case in entry.cases(world):
                url = entry.url(world, case)
                cases.append((label, case, url, POSTS[route].expect(world, case, url)))
        # The first case the role may act on, else the last one.
        label, case, url, allowed = next(
            (c for c in cases if c[3] is not None and c[3].changes), cases[-1]
        )
        expect = allowed if route == LANG + "unfollow/<str:token>/" else FORBIDDEN
        before = snapshot()
        response = strict.post(url, POSTS[route].data(world, case))
        close_quietly(response)
        where = f"{world.role} POST without CSRF token {url} [{route} | {label}]"
        changed = changes(before, snapshot())
        check(outcome, where, response, expect, entry, world, case, changed)
        if isinstance(case, Follow):
            Follow.objects.get_or_create(user=case.user, article=case.article)
    return outcome


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_posts_are_refused_unless_the_role_may_act(role):
    world = build_world(role, votes=True)
    outcome = run_refused_posts(world)
    matrix = run_posts(world, POSTS)
    outcome.checks += matrix.checks
    outcome.problems += matrix.problems
    assert_no_problems(outcome)
