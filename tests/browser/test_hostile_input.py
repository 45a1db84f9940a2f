"""Hostile input in every place users write, rendered in Chromium.

The corpus (tests/hostile_payloads.py) goes in through the real input paths:
the article admin (title, labels, body and a French translation), comments
posted by publishers, support requests, the search box, and people's names
and titles. Every payload is rendered from every one of those places at
least once, in batches so the file stays fast. A field with a length limit
gets payloads packed up to its limit; a payload longer than a limit (only
one, of 102 characters, in the 100-character staff title) is cut to it, as
the field would refuse more. Payloads with a NUL character are refused by
every form (admin, comment, support, sign-up); the tests check that they
are, and send them through the search, which takes them.

On every page the browser records what would prove an attack: a dialog,
a call to alert/confirm/prompt/print or the ``__xss`` marker (all replaced
before any page script runs), a popup or an unexpected navigation; and a
walk of the whole DOM (template contents, shadow roots, SVG and MathML
included) lists ``on*`` attributes, ``javascript:``, ``vbscript:`` and
``data:text/html`` URLs, scripts that are not the portal's own, frames,
objects, embeds, ``<base>``, ``<meta http-equiv>`` and script in styles.
The Content-Security-Policy is bypassed: the test judges the HTML the
portal makes, not the safety net behind it. Findings are collected for the
whole test and reported together, with the page and the offending markup.
"""

import math
from collections import defaultdict
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Comment, Follow, SearchTerm
from articles.search import MAX_QUERY_LENGTH, MAX_WORDS, clean_query
from articles.views import MODERATION_PAGE_SIZE
from support.models import SupportRequest
from tests.articles.test_admin import article_form
from tests.factories import (
    PASSWORD,
    make_article,
    make_comment,
    make_manager,
    make_section,
    make_staff,
    make_translation,
    make_user,
)
from tests.hostile_payloads import (
    FAMILIES,
    PAYLOADS,
    STORABLE,
    WITH_NUL,
    calls_a_marker,
)
from tests.test_markup import HOSTILE
from users.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MARKER = "__HC_XSS__"

# Runs in every frame before the page's own scripts: what an injected
# script would call is recorded (and logged, for frames of another origin)
# instead of opening a dialog.
INIT_SCRIPT = """
(() => {
  const hits = [];
  const recorder = (name) => function () {
    const call = name + "(" + Array.from(arguments, String).join(", ") + ")";
    hits.push(call + " at " + location.href);
    try { console.debug("__MARKER__ " + call + " at " + location.href); } catch (e) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print", "__xss"]) {
    Object.defineProperty(window, name, {
      value: recorder(name), writable: false, configurable: false,
    });
  }
  Object.defineProperty(window, "__hcXssHits", { value: hits });
})();
""".replace("__MARKER__", MARKER)

# Walks the whole DOM and lists what user content must never produce.
# `waitFor`: a selector to wait for first (what the page's script renders).
CHECK_DOM = r"""
async ([allowedScripts, selector, waitFor]) => {
  if (waitFor) {
    const deadline = performance.now() + 5000;
    while (!document.querySelector(waitFor) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!document.querySelector(waitFor)) return { missing: waitFor };
  }
  const findings = [];
  const URL_ATTRIBUTES = new Set([
    "href", "src", "action", "formaction", "xlink:href", "data", "codebase",
    "classid", "archive", "background", "poster", "dynsrc", "lowsrc",
    "longdesc", "cite", "ping", "manifest", "icon", "usemap", "profile",
    "to", "from", "values", "by", "xml:base",
  ]);
  const DANGEROUS_URL = /^(?:javascript:|vbscript:|data:text\/html)/;
  const DANGEROUS_STYLE =
    /expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding/i;
  const FORBIDDEN = new Set([
    "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "portal", "fencedframe",
  ]);
  // Browsers ignore these around and inside a URL's scheme.
  const squash = (value) => value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
  const markup = (el) => {
    const attributes = Array.from(el.attributes, (a) => ` ${a.name}="${a.value}"`);
    return `<${el.localName}${attributes.join("")}>`.slice(0, 300);
  };
  // The portal's scripts: files under /static/ (and the admin's catalog).
  const ownScript = (el) => {
    const src = el.getAttribute("src");
    if (!src || el.namespaceURI !== "http://www.w3.org/1999/xhtml") return false;
    const url = new URL(src, location.href);
    return url.origin === location.origin && (
      url.pathname.startsWith("/static/") || allowedScripts.includes(url.pathname)
    );
  };
  // The portal's structured data (JSON-LD): data blocks in the head, which
  // browsers never run, holding JSON that parses.
  const ownData = (el) => {
    if (el.parentElement !== document.head || el.hasAttribute("src")) return false;
    if (el.getAttribute("type") !== "application/ld+json") return false;
    try {
      return typeof JSON.parse(el.textContent) === "object";
    } catch (error) {
      return false;
    }
  };
  const inspect = (el, where) => {
    const tag = el.localName.toLowerCase();
    const ours = ownScript(el) || ownData(el);
    if (tag === "script" && (where !== "document" || !ours)) {
      findings.push(`script in ${where}: ${markup(el)}${el.textContent.slice(0, 80)}`);
    }
    if (FORBIDDEN.has(tag)) findings.push(`<${tag}> in ${where}: ${markup(el)}`);
    if (tag === "meta" && el.hasAttribute("http-equiv")) {
      findings.push(`<meta http-equiv> in ${where}: ${markup(el)}`);
    }
    if ((tag === "style" || tag === "link") && !document.head.contains(el)) {
      findings.push(`<${tag}> outside the head: ${markup(el)}`);
    }
    if (tag === "style" && DANGEROUS_STYLE.test(el.textContent)) {
      findings.push(`script in a stylesheet: ${el.textContent.slice(0, 120)}`);
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) {
        findings.push(`event handler ${name} in ${where}: ${markup(el)}`);
      }
      if (name === "srcdoc") {
        findings.push(`srcdoc in ${where}: ${markup(el)}`);
      } else if (URL_ATTRIBUTES.has(name) || /(?:href|src|url|action)$/.test(name)) {
        if (DANGEROUS_URL.test(squash(attribute.value))) {
          findings.push(`${name} URL in ${where}: ${markup(el)}`);
        }
      }
      if (name === "style" && DANGEROUS_STYLE.test(attribute.value)) {
        findings.push(`script in a style attribute in ${where}: ${markup(el)}`);
      }
    }
  };
  const roots = [[document, "document"]];
  let elements = 0;
  while (roots.length) {
    const [root, where] = roots.pop();
    for (const el of root.querySelectorAll("*")) {
      elements += 1;
      inspect(el, where);
      if (el.localName === "template" && el.content) {
        roots.push([el.content, "template"]);
      }
      if (el.shadowRoot) roots.push([el.shadowRoot, "shadow root"]);
    }
  }
  const text = selector
    ? Array.from(document.querySelectorAll(selector), (el) => el.textContent).join("\n")
    : null;
  return {
    findings,
    hits: Array.from(window.__hcXssHits || []),
    href: location.href,
    elements,
    text,
  };
}
"""


class Lane:
    """A browser context with one page: its own cookies, so its own user."""

    def __init__(self, renderer, page):
        self.renderer = renderer
        self.page = page
        self.context = page.context
        self.context.add_init_script(INIT_SCRIPT)
        self.navigating = False
        findings = renderer.findings

        def on_dialog(dialog):
            findings.append(f"{dialog.type} dialog {dialog.message!r} on {page.url}")
            dialog.dismiss()

        def on_console(message):
            if message.text.startswith(MARKER):
                findings.append(f"marker called: {message.text}")

        def on_navigation(frame):
            if frame == page.main_frame and not self.navigating:
                findings.append(f"unexpected navigation to {frame.url}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("framenavigated", on_navigation)
        page.on("popup", lambda popup: findings.append(f"popup {popup.url}"))

    def sign_in(self, user):
        self.context.clear_cookies()
        if user is not None:
            client = Client()
            client.force_login(user)
            self.use_session(client)

    def use_session(self, client):
        """Share a test client's session with the browser."""
        name = settings.SESSION_COOKIE_NAME
        cookie = {"name": name, "value": client.cookies[name].value}
        self.context.add_cookies([{**cookie, "url": self.renderer.live_server.url}])


class Renderer:
    """Loads pages in Chromium and records every sign of XSS on them.

    `lanes` pages load side by side, each in a context of its own (the next
    page is requested while the previous one renders); every page gets the
    same checks.
    """

    def __init__(self, new_page, live_server, *, lanes=2):
        self.live_server = live_server
        self.findings: list[str] = []
        self.rendered: dict[str, int] = defaultdict(int)
        self.allowed_scripts = [reverse("admin:jsi18n")]
        self.lanes = [
            Lane(self, new_page(bypass_csp=True)) for _ in range(max(lanes, 1))
        ]
        self.page = self.lanes[0].page

    def sign_in(self, user):
        """Every lane as `user`; None for a visitor."""
        for lane in self.lanes:
            lane.sign_in(user)

    def check(self, page, place, *, text_selector=None, wait_for=None):
        """Inspect the page as it is now; return the text of `text_selector`."""
        arg = [self.allowed_scripts, text_selector, wait_for]
        result = page.evaluate(CHECK_DOM, arg)
        assert "missing" not in result, f"{place} ({page.url}): no {wait_for}"
        where = f"{place} ({result['href']})"
        self.findings += [f"{where}: {finding}" for finding in result["findings"]]
        self.findings += [f"{where}: ran {hit}" for hit in result["hits"]]
        assert result["elements"] > 20, f"{where}: the page did not render"
        self.rendered[place] += 1
        return result["text"]

    def open(self, url, status=200):
        """Load a page in the first lane, to check it later."""
        lane = self.lanes[0]
        lane.navigating = True
        response = lane.page.goto(url)
        lane.navigating = False
        assert response is not None and response.status == status, url

    def visit(self, url, place, *, status=200, text_selector=None):
        return self.visit_many([url], place, status, text_selector=text_selector)[0]

    def visit_many(self, urls, place, status=200, *, users=None, text_selector=None):
        """Load and check each page, len(self.lanes) at a time.

        `users`: who sees each page (signed in just before it loads).
        """
        texts = []
        width = len(self.lanes)
        for start in range(0, len(urls), width):
            batch = list(zip(self.lanes, urls[start : start + width], strict=False))
            for n, (lane, url) in enumerate(batch):
                if users is not None:
                    lane.sign_in(users[start + n])
                lane.navigating = True
                response = lane.page.goto(url, wait_until="commit")
                assert response is not None and response.status == status, (
                    f"{place}: {url} answered {response and response.status}"
                )
            for lane, _url in batch:
                lane.page.wait_for_load_state("load")
                lane.navigating = False
                texts.append(self.check(lane.page, place, text_selector=text_selector))
        return texts

    def submit(self, fill_and_submit, arg, place, *, status):
        """Fill the form on the first lane's page with `arg` and post it."""
        lane = self.lanes[0]
        lane.navigating = True
        with lane.page.expect_navigation(wait_until="load") as navigation:
            lane.page.evaluate(fill_and_submit, arg)
        lane.navigating = False
        response = navigation.value
        assert response is not None and response.status == status, (
            f"{place}: the form answered {response and response.status}"
        )
        self.check(lane.page, place)

    def assert_clean(self):
        summary = ", ".join(f"{n} {place}" for place, n in self.rendered.items())
        print(f"\nRendered {sum(self.rendered.values())} pages: {summary}")
        assert not self.findings, "XSS or HTML injection:\n" + "\n".join(self.findings)


def pack(payloads, limit):
    """Payloads in groups whose space-joined text has at most `limit` characters.

    First fit, longest first. A payload longer than the limit is cut to it,
    as the field would refuse anything longer.
    """
    groups: list[list[str]] = []
    for payload in sorted(payloads, key=len, reverse=True):
        piece = payload[:limit]
        for group in groups:
            if len(" ".join([*group, piece])) <= limit:
                group.append(piece)
                break
        else:
            groups.append([piece])
    return groups


def packed(payloads, limit):
    """The groups of pack(), each as one string."""
    return [" ".join(group) for group in pack(payloads, limit)]


def as_searched(text):
    """The query the search makes of `text`, before it cuts it to size."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def pack_queries(payloads):
    """Search queries of several payloads each, within the query limits.

    The search keeps MAX_WORDS words and MAX_QUERY_LENGTH characters of a
    query: each payload fits whole in its query (one longer than that is
    cut, as it would be alone). First fit, most words first.
    """
    queries: list[list[str]] = []
    for payload in sorted(payloads, key=lambda p: len(as_searched(p).split()))[::-1]:
        for query in queries:
            together = as_searched(" ".join([*query, payload]))
            if len(together.split()) <= MAX_WORDS and len(together) <= MAX_QUERY_LENGTH:
                query.append(payload)
                break
        else:
            queries.append([payload])
    return [" ".join(query) for query in queries]


def sentinel(n):
    return f"hcsentinel{n:04d}"


def body_batches(payloads, count):
    """`count` Markdown bodies; each payload is followed by a sentinel word.

    A sentinel missing from the page would mean that a payload swallowed
    what follows it.
    """
    batches = [payloads[i::count] for i in range(count)]
    bodies = [
        "\n\n".join(f"{p}\n\n{sentinel(payloads.index(p))}" for p in batch)
        for batch in batches
    ]
    return batches, bodies


@pytest.fixture
def open_doors(settings):
    """No rate limit and no premoderation: every payload is published."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")
    settings.COMMENTS_PREMODERATION = False


def test_the_corpus_is_large_and_distinct():
    assert len(PAYLOADS) >= 150
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert set(HOSTILE) <= set(PAYLOADS)
    assert sum(len(family) for family in FAMILIES.values()) == len(PAYLOADS)
    # test_markup.py's list is reused as it is; every other payload calls
    # a marker, so that a run cannot go unnoticed.
    assert all(calls_a_marker(p) for p in PAYLOADS if p not in HOSTILE)


# ---------------------------------------------------------------------------
# Articles: title, labels, body and a translation, through the admin form
# ---------------------------------------------------------------------------

FILL_ARTICLE_FORM = """
([title, labels, body]) => {
  const form = document.getElementById("article_form");
  form.elements.title.value = title;
  form.elements.slug.value = "refused";
  form.elements.labels.value = labels;
  form.elements.body.value = body;
  HTMLFormElement.prototype.submit.call(form);
}
"""


def test_articles_written_in_the_admin(new_page, live_server, open_doors):
    # The author's name is shown as "Written by ..." on the article pages.
    staff = make_manager(name=packed(STORABLE, 150)[0])
    section = make_section(name="Hostile", slug="hostile")
    client = Client()
    client.force_login(staff)
    add_url = reverse("admin:articles_article_add")

    titles = packed(STORABLE, 200)
    labels = packed(STORABLE, 255)
    batches, bodies = body_batches(STORABLE, 3)
    articles = []
    # The bodies (with a title, labels and a translation each) through the
    # admin's add form; the other titles and labels through save(), which
    # is what the admin calls.
    for n, title in enumerate(titles):
        label = labels[n] if n < len(labels) else ""
        slug = f"hostile-{n}"
        if n >= len(bodies):
            article = make_article(
                section=section, title=title, slug=slug, labels=label
            )
            make_translation(article, title=title)
            articles.append(article)
            continue
        data = article_form(
            section,
            title=title,
            slug=slug,
            labels=label,
            body=bodies[n],
            promoted="on",
            **{
                "translations-TOTAL_FORMS": 1,
                "translations-0-language": "fr",
                "translations-0-status": "published",
                "translations-0-title": title,
                "translations-0-slug": f"{slug}-fr",
                "translations-0-body": bodies[n],
            },
        )
        response = client.post(add_url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        article = Article.objects.get(slug=slug)
        assert (article.title, article.labels, article.body) == (
            title,
            label,
            bodies[n],
        )
        assert article.translations.get().body == bodies[n]
        articles.append(article)
    assert len(titles) >= max(len(labels), len(bodies))
    for payload in WITH_NUL:  # refused, not stored
        for field in ("title", "labels", "body"):
            data = article_form(section, slug="nul", **{field: payload})
            assert client.post(add_url, data).status_code == 200
    assert not Article.objects.filter(slug="nul").exists()

    renderer = Renderer(new_page, live_server)
    renderer.sign_in(staff)
    page = renderer.page
    # The admin: the list (titles); each body's form and its preview (the
    # server's HTML put in place by admin-preview.js); the forms that hold
    # the other labels.
    renderer.visit(reverse("admin:articles_article_changelist"), "admin list")
    forms = [reverse("admin:articles_article_change", args=[a.pk]) for a in articles]
    for url in forms[: len(bodies)]:
        renderer.visit(url, "admin form")
        page.get_by_role("button", name="Preview", exact=True).click()
        renderer.check(page, "admin preview", wait_for=".md-preview:not([hidden]) p")
    renderer.visit_many(forms[len(bodies) : len(labels)], "admin form")
    # The add form sent back with errors, every payload in its fields.
    renderer.visit(add_url, "admin form with errors")
    line, everything = " ".join(STORABLE), "\n\n".join(STORABLE)
    renderer.submit(
        FILL_ARTICLE_FORM,
        [line, line, everything],
        "admin form with errors",
        status=200,
    )

    # Reader pages: each body in English and in French, every sentinel there.
    urls, expected = [], []
    for article, batch in zip(articles, batches, strict=False):
        with translation.override("fr"):
            french = article.translations.get().get_absolute_url()
        urls += [article.get_absolute_url(), french]
        expected += [batch, batch]
    texts = renderer.visit_many(urls, "article page", text_selector=".article-body")
    for url, text, batch in zip(urls, texts, expected, strict=True):
        for payload in batch:
            n = STORABLE.index(payload)
            assert sentinel(n) in text, f"{url}: lost after {payload!r}"
    # Titles: the section's list in both languages, and the home page.
    lists = []
    for language in ("en", "fr"):
        with translation.override(language):
            url = section.get_absolute_url()
            lists.append(reverse("home"))
        lists += [f"{url}?page={n}" for n in range(1, math.ceil(len(titles) / 30) + 1)]
    renderer.visit_many(lists, "title lists")
    renderer.assert_clean()


# ---------------------------------------------------------------------------
# Comments, and the names and titles that sign them
# ---------------------------------------------------------------------------

HOSTILE_EMAILS = [
    '"<img/src=x/onerror=alert(1)>"@example.com',
    '"<svg/onload=alert(1)>"@example.com',
    '"\'><script>alert(1)</script>"@example.com',
    '"javascript:alert(1)"@example.com',
]

FILL_COMMENT = """
(body) => {
  const form = document.getElementById("comment-form");
  form.elements.body.value = body;
  HTMLFormElement.prototype.submit.call(form);
}
"""


def test_comments_and_the_names_that_sign_them(
    new_page, live_server, settings, open_doors
):
    settings.COMMENTS_PER_PAGE = 100
    article = make_article(title="Comments under attack")
    post_url = reverse("articles:comment-create", args=[article.pk])
    names = packed(STORABLE, 150)
    titles = packed(STORABLE, 100)
    publishers = [make_user(name=name) for name in names]
    # Through the sign-up form: no name, so the local part of the email
    # address is shown instead. Names with NUL are refused there.
    settings.ACCOUNT_RATE_LIMITS = False
    signup = reverse("account_signup")
    for email in HOSTILE_EMAILS:
        data = {"name": "", "email": email, "password1": PASSWORD}
        response = Client().post(signup, {**data, "password2": PASSWORD})
        assert response.status_code == 302, response.content.decode()[-2000:]
        publishers.append(User.objects.get(email=email))
    for payload in WITH_NUL:
        data = {"name": payload, "email": "nul@example.com", "password1": PASSWORD}
        assert Client().post(signup, {**data, "password2": PASSWORD}).status_code == 200
    assert not User.objects.filter(email="nul@example.com").exists()
    # Staff titles are shown with their names.
    staff = [
        make_staff(name=names[n % len(names)], title=title)
        for n, title in enumerate(titles)
    ]
    clients = {}
    for user in publishers + staff:
        clients[user] = Client()
        clients[user].force_login(user)

    def post(user, body):
        response = clients[user].post(post_url, {"body": body})
        # Each author follows the article, and each comment is mailed to
        # the followers: not what this test is about, and quadratic.
        Follow.objects.filter(article=article).delete()
        return response

    # Every payload is a comment of its own by a publisher; staff answer.
    comment_of = {}
    for n, payload in enumerate(STORABLE):
        author = publishers[n % len(publishers)]
        assert post(author, payload).status_code == 302, payload
        comment_of.setdefault(author, Comment.objects.latest("pk"))
    for n, user in enumerate(staff):  # through save(), as comments.py does
        make_comment(article=article, author=user, body=STORABLE[-1 - n])
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED)
    assert published.count() == len(STORABLE) + len(staff)
    for payload in WITH_NUL:
        assert post(publishers[0], payload).status_code == 400
    assert Comment.objects.count() == published.count()
    # All of them in one comment (held: it has many links), for the edit
    # and delete pages.
    everything = "\n\n".join(STORABLE)
    assert post(publishers[0], everything).status_code == 302
    digest = Comment.objects.latest("pk")
    assert (digest.body, digest.status) == (everything, Comment.Status.PENDING)

    renderer = Renderer(new_page, live_server)
    renderer.sign_in(make_manager())  # sees Edit and Delete on every comment
    pages = math.ceil(published.count() / settings.COMMENTS_PER_PAGE)
    moderation = reverse("articles:moderation")
    queue = math.ceil(published.count() / MODERATION_PAGE_SIZE)
    renderer.visit_many(
        [f"{article.get_absolute_url()}?page={n}" for n in range(1, pages + 1)],
        "article page (manager)",
    )
    renderer.visit_many(
        [f"{moderation}?status=published&page={n}" for n in range(1, queue + 1)]
        + [f"{moderation}?status=pending"],
        "moderation queue",
    )
    renderer.sign_in(None)
    renderer.visit(article.get_absolute_url(), "article page (visitor)")

    # Each name in the header, on the edit page of one of its comments.
    renderer.visit_many(
        [reverse("articles:comment-edit", args=[comment_of[u].pk]) for u in publishers],
        "header and comment edit page",
        users=publishers,
    )
    renderer.sign_in(publishers[0])
    renderer.visit_many(
        [
            reverse("articles:comment-edit", args=[digest.pk]),
            reverse("articles:comment-delete", args=[digest.pk]),
        ],
        "comment edit and delete pages",
    )
    # The comment form sent back with an error (too long), text and all.
    renderer.visit(article.get_absolute_url(), "comment form with errors")
    renderer.submit(
        FILL_COMMENT,
        everything + "\n\n" + "x" * 3000,
        "comment form with errors",
        status=400,
    )
    # Names in the user admin.
    renderer.sign_in(make_user(is_staff=True, is_superuser=True))
    users = reverse("admin:users_user_changelist")
    renderer.visit_many(
        [f"{users}?p={n}" for n in range(1, math.ceil(User.objects.count() / 100) + 1)],
        "user admin",
    )
    renderer.assert_clean()


# ---------------------------------------------------------------------------
# Support requests
# ---------------------------------------------------------------------------

SUPPORT_LINES = ["subject", "browser", "operating_system", "preferred_time"]
SUPPORT_TEXTS = ["description", "steps", "error_message"]

FILL_SUPPORT_FORM = """
([line, text]) => {
  const form = document.querySelector("form.request-form");
  for (const name of ["subject", "browser", "operating_system", "preferred_time",
                      "email", "site_id", "phone"]) {
    form.elements[name].value = line;
  }
  for (const name of ["description", "steps", "error_message"]) {
    form.elements[name].value = text;
  }
  HTMLFormElement.prototype.submit.call(form);
}
"""


def test_support_requests(new_page, live_server, open_doors):
    url = reverse("support:request")
    sent_url = reverse("support:request-sent")
    visitor = Client()
    # Each request holds a group of payloads in every text field; the short
    # fields (120 characters) decide how many requests it takes.
    groups = pack(STORABLE, 120)
    renderer = Renderer(new_page, live_server)
    requests = []
    for n, group in enumerate(groups):
        data = dict.fromkeys(SUPPORT_LINES, " ".join(group))
        data.update(dict.fromkeys(SUPPORT_TEXTS, "\n".join(group)))
        data.update(
            email=HOSTILE_EMAILS[n] if n < len(HOSTILE_EMAILS) else "pat@example.com",
            topic="technical",
            contact_method="email",
        )
        response = visitor.post(url, data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        requests.append(SupportRequest.objects.latest("created_at", "pk"))
        for name in SUPPORT_LINES + SUPPORT_TEXTS:
            assert getattr(requests[-1], name) == data[name].strip()
        if n < len(HOSTILE_EMAILS):  # the page after sending shows the email
            renderer.lanes[0].use_session(visitor)
            renderer.visit(sent_url, "request sent page")
    for payload in WITH_NUL:
        data = dict.fromkeys(SUPPORT_LINES + SUPPORT_TEXTS, payload)
        data.update(email="pat@example.com", topic="technical", contact_method="email")
        assert visitor.post(url, data).status_code == 400
    assert SupportRequest.objects.count() == len(groups)

    # The form sent back with errors (no topic; too long), values and all.
    renderer.sign_in(None)
    renderer.visit(url, "request form with errors")
    renderer.submit(
        FILL_SUPPORT_FORM,
        [" ".join(STORABLE), "\n".join(STORABLE)],
        "request form with errors",
        status=400,
    )
    # Support staff read each request in the admin.
    renderer.sign_in(make_staff())
    renderer.visit(reverse("admin:support_supportrequest_changelist"), "admin list")
    renderer.visit_many(
        [reverse("admin:support_supportrequest_change", args=[r.pk]) for r in requests],
        "admin request page",
    )
    renderer.assert_clean()


# ---------------------------------------------------------------------------
# Search: the query, the results and the suggestions
# ---------------------------------------------------------------------------


def test_search_queries_results_and_suggestions(new_page, live_server):
    queries = pack_queries(PAYLOADS)
    section = make_section(name="Search")
    # Each query, as the search cleans it, is also an article title, over
    # a body of its payloads: typing the query brings hostile titles into
    # the suggestions, and the results show them with hostile snippets.
    # A marker word in each title finds it whatever the query's own words
    # do (PostgreSQL reads "-word" in a query as "without word").
    stems = [clean_query(query)[:185].strip() for query in queries]
    for n, query in enumerate(queries):
        make_article(
            section=section,
            title=f"{stems[n]} hostile{n}",
            slug=f"search-{n}",
            body="\n\n".join(p for p in STORABLE if p in query),
        )

    client = Client()
    suggest_url = reverse("articles:suggest")
    for payload in PAYLOADS:
        response = client.get(suggest_url, {"q": payload})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"

    renderer = Renderer(new_page, live_server, lanes=1)
    page = renderer.page
    search_url = reverse("articles:search")
    box = page.get_by_role("combobox", name="Search help articles")
    for n, query in enumerate(queries):
        renderer.open(f"{search_url}?q={quote(query)}")
        # Typed in the box: the suggestions are fetched and shown at once
        # with the down arrow (without it, after a pause).
        box.fill(stems[n])
        box.press("ArrowDown")
        renderer.check(
            page,
            "search query and suggestions",
            wait_for="#search-page-suggestions:not([hidden]) [role=option]",
        )
        # The hostile title and snippet in the results.
        renderer.open(f"{search_url}?q=hostile{n}")
        titles = renderer.check(page, "search results", text_selector=".result-title")
        assert titles, f"no results for {query!r}"
    assert SearchTerm.objects.count() == 2 * len(queries)

    # Staff see what readers search for.
    renderer.sign_in(make_user(is_staff=True, is_superuser=True))
    renderer.visit(reverse("admin:articles_searchterm_changelist"), "search terms")
    renderer.assert_clean()
