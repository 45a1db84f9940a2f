"""A load test: many people at once against gunicorn and PostgreSQL.

`make soak` runs it. It fills a database of its own with the demo content
and soak users, starts gunicorn with production settings (Redis for cache
and sessions), then lets CLIENTS simulated people browse, search, vote and
comment for SECONDS. It fails (exit status 1) if any response is a 5xx, or
if any vote or comment a client was told was saved is not in the database
exactly as sent, or if an article's counters disagree with its vote rows.

Environment: SOAK_DATABASE_URL (default a `helpcenter_soak` database on the
local PostgreSQL), SOAK_REDIS_URL, SOAK_CLIENTS (32), SOAK_SECONDS (60),
SOAK_WORKERS (gunicorn workers, 4).
"""

import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpcenter_soak"
)
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/5")
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "32"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
WORKERS = os.environ.get("SOAK_WORKERS", "4")
PORT = int(os.environ.get("SOAK_PORT", "8093"))
BASE = f"http://127.0.0.1:{PORT}"
SEARCHES = [
    "support",
    "password",
    "pasword reset",
    "payment",
    "sid",
    "tracking link",
    "commission",
    "cookie",
    "report",
    "bank details",
    "paiement",
    "zzzz",
]
ENV = {
    **os.environ,
    "DJANGO_ENV_FILE": "",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "soak-test-key-" + "s" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    # The soak measures the site under load, not the abuse limits.
    "RATE_LIMIT_VOTE": "100000/m",
    "RATE_LIMIT_COMMENT": "100000/m",
    "RATE_LIMIT_FOLLOW": "100000/m",
    "COMMENTS_PREMODERATION": "0",
}


def manage(*args, quiet=True):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare():
    """A fresh database with the demo, soak users and their sessions."""
    name = urllib.parse.urlsplit(DATABASE_URL).path.lstrip("/")
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput")
    manage("load_demo")
    code = f"""
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
from django.core.cache import cache
from users.models import User
from articles.models import Article
cache.clear()
keys = []
for n in range({CLIENTS}):
    user, _ = User.objects.get_or_create(
        email=f"soak{{n}}@example.com", defaults={{"name": f"Soak {{n}}"}}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()  # the portal's
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(f"{{user.pk}}:{{session.session_key}}")
print("SESSIONS", " ".join(keys))
reader = User(pk=0, is_active=True)
urls = [a.get_absolute_url() for a in Article.objects.visible_to(reader)]
print("ARTICLES", " ".join(urls))
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    sessions = re.search(r"^SESSIONS (.*)$", out, re.M).group(1).split()
    articles = re.search(r"^ARTICLES (.*)$", out, re.M).group(1).split()
    return [tuple(s.split(":")) for s in sessions], articles


class Person(threading.Thread):
    def __init__(self, user_id, session_key, articles, deadline, results):
        super().__init__(daemon=True)
        self.user_id = int(user_id)
        self.articles = articles
        self.deadline = deadline
        self.results = results
        self.random = random.Random(self.user_id)
        # The cookies are Secure (production settings); the soak talks plain
        # HTTP to gunicorn on this machine, as a TLS proxy would.
        policy = http.cookiejar.DefaultCookiePolicy()
        policy.return_ok_secure = lambda cookie, request: True
        self.jar = http.cookiejar.CookieJar(policy)
        self.jar.set_cookie(cookie("sessionid", session_key))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.votes = {}
        self.comments = []

    def csrf(self):
        for item in self.jar:
            if item.name == "csrftoken":
                return item.value
        return ""

    def request(self, path, data=None, kind="page"):
        body = None
        headers = {"Accept-Language": self.random.choice(["en", "fr", "de", "pt-BR"])}
        if data is not None:
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": self.csrf()}
            ).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            with self.opener.open(
                urllib.request.Request(BASE + path, data=body, headers=headers),
                timeout=30,
            ) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            error.read()
        except OSError:
            status = 0
        self.results.record(kind, status, time.perf_counter() - started)
        return status

    def run(self):
        while time.monotonic() < self.deadline:
            article = self.random.choice(self.articles)
            roll = self.random.random()
            if roll < 0.40:
                page = self.random.choice(["/en/", "/fr/", article, "/en/support/"])
                self.request(page)
            elif roll < 0.65:
                query = urllib.parse.quote_plus(self.random.choice(SEARCHES))
                self.request(f"/en/search/?q={query}", kind="search")
                self.request(f"/en/search/suggest/?q={query[:4]}", kind="search")
            elif roll < 0.85:
                self.request(article)  # the page, and a CSRF cookie
                pk = int(re.search(r"/articles/(\d+)", article).group(1))
                helpful = self.random.choice(["yes", "no"])
                status = self.request(
                    f"/en/articles/{pk}/vote/", {"helpful": helpful}, kind="vote"
                )
                if status == 302:
                    self.votes[pk] = helpful == "yes"
            else:
                self.request(article)
                pk = int(re.search(r"/articles/(\d+)", article).group(1))
                text = f"Soak comment {self.user_id}-{len(self.comments)}"
                status = self.request(
                    f"/en/articles/{pk}/comments/", {"body": text}, kind="comment"
                )
                if status == 302:
                    self.comments.append((pk, text))


def cookie(name, value):
    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_302


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.timings = {}

    def record(self, kind, status, seconds):
        with self.lock:
            self.statuses[(kind, status)] += 1
            self.timings.setdefault(kind, []).append(seconds)


def check(people):
    """Every vote and comment the clients saw saved is in the database."""
    expected_votes = {
        (person.user_id, pk): helpful
        for person in people
        for pk, helpful in person.votes.items()
    }
    expected_comments = sorted(
        (person.user_id, pk, text) for person in people for pk, text in person.comments
    )
    code = """
import json
from django.db.models import Count, Q
from articles.models import Article, Comment, Vote
soak_votes = Vote.objects.filter(user__email__startswith="soak")
votes = [[v.user_id, v.article_id, v.helpful] for v in soak_votes]
soak_comments = Comment.objects.filter(author__email__startswith="soak")
comments = [[c.author_id, c.article_id, c.body] for c in soak_comments]
wrong = [
    a.pk
    for a in Article.objects.annotate(
        yes=Count("votes", filter=Q(votes__helpful=True)), total=Count("votes")
    )
    if (a.helpful_count, a.vote_count) != (a.yes, a.total)
]
print(json.dumps({"votes": votes, "comments": comments, "wrong": wrong}))
"""
    import json

    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    votes = {(u, a): h for u, a, h in found["votes"]}
    comments = sorted((u, a, body) for u, a, body in found["comments"])
    problems = []
    missing = {k: v for k, v in expected_votes.items() if votes.get(k) != v}
    if missing:
        problems.append(f"{len(missing)} votes not as the clients last saved them")
    if comments != expected_comments:
        problems.append(
            f"comments: {len(expected_comments)} saved by clients, "
            f"{len(comments)} in the database"
        )
    if found["wrong"]:
        problems.append(f"articles whose counters disagree: {found['wrong']}")
    if not expected_votes or not expected_comments:
        problems.append("no vote or no comment was saved: nothing was checked")
    return problems, len(expected_votes), len(expected_comments)


def main():
    print(f"Preparing {DATABASE_URL} ...")
    sessions, articles = prepare()
    server = serve()
    try:
        results = Results()
        deadline = time.monotonic() + SECONDS
        people = [
            Person(user_id, key, articles, deadline, results)
            for user_id, key in sessions
        ]
        started = time.monotonic()
        for person in people:
            person.start()
        for person in people:
            person.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    if not report(results, people, elapsed):
        sys.exit(1)
    print("Soak passed: no 5xx, every vote and comment accounted for.")


def serve() -> subprocess.Popen:
    """gunicorn, answering its health check."""
    arguments = f"--bind 127.0.0.1:{PORT} --workers {WORKERS} --threads 4 --timeout 60"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "helpcenter.wsgi", *arguments.split()],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return server


def report(results: Results, people: list, elapsed: float) -> bool:
    """Print the figures and the problems; True when there were none."""
    total = sum(results.statuses.values())
    errors = sum(n for (kind, status), n in results.statuses.items() if status >= 500)
    failed = sum(n for (kind, status), n in results.statuses.items() if status == 0)
    print(
        f"\n{CLIENTS} clients, {elapsed:.0f} s, {total} requests "
        f"({total / elapsed:.0f}/s), {errors} 5xx, {failed} connection errors"
    )
    print_timings(results)
    problems, votes, comments = check(people)
    refused = sum(
        n
        for (kind, status), n in results.statuses.items()
        if kind in {"vote", "comment"} and status not in {302}
    )
    if refused:
        problems.append(f"{refused} votes or comments were refused")
    print(
        f"\nSaved as the clients were told: {votes} votes (last per person and "
        f"article), {comments} comments."
    )
    for problem in problems:
        print("PROBLEM:", problem)
    return not (errors or failed or problems)


def print_timings(results: Results) -> None:
    columns = ["requests", "p50 ms", "p95 ms", "max ms"]
    print(f"{'kind':<10}" + "".join(f"{c:>10}" for c in columns) + "  statuses")
    for kind, timings in sorted(results.timings.items()):
        timings.sort()
        statuses = {
            status: n
            for (k, status), n in sorted(results.statuses.items())
            if k == kind
        }
        print(
            f"{kind:<10}{len(timings):>10}"
            f"{statistics.median(timings) * 1000:>10.0f}"
            f"{timings[int(len(timings) * 0.95) - 1] * 1000:>10.0f}"
            f"{timings[-1] * 1000:>10.0f}  {statuses}"
        )


if __name__ == "__main__":
    main()
