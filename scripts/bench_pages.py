"""`make bench-pages`: the portal's pages against a bare Django "hello" view.

It fills a database of its own with the demo content and 50 published
comments on the seed article, starts the portal under gunicorn (production
settings, BENCH_WORKERS sync workers) and, from the same interpreter and
gunicorn, the bare project in scripts/hello/ (startproject's middleware, one
view that answers "hello"). Then it runs interleaved `wrk` rounds, hello
first in each round, and prints one table: req/s, p50 and p99, errors and the
ratio to hello per page, and whether each target is met. Absolute figures
drift on shared machines; the ratios, measured in the same run, do not.

SQLite by default (a file in a temporary folder); with DATABASE_URL set to
postgres://..., a database of its own on that server (`..._bench_pages`).
Environment: BENCH_SECONDS (10 per run), BENCH_ROUNDS (3), BENCH_CONNECTIONS
(16), BENCH_WORKERS (2). Exit status 1 if any page errs.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
PORTAL_PORT, HELLO_PORT = 8191, 8192
COMMENTS = 50

# The targets: (minimum ratio to hello) per page kind.
VISITOR_TARGET, SIGNED_IN_TARGET = 0.5, 0.3
P99_OVER_P50, MEMORY_MB = 5, 120

SEED = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from articles.demo.content import SEED_ARTICLE_SLUG
from articles.models import Article, Category, Comment, Section
from users.models import User

seed = Article.objects.get(slug=SEED_ARTICLE_SLUG)
authors = list(User.objects.filter(email__in=[
    "publisher@example.com", "support@example.com", "manager@example.com"]))
published = seed.comments.filter(status=Comment.Status.PUBLISHED)
for n in range(published.count(), COMMENTS):
    Comment.objects.create(
        article=seed, author=authors[n % len(authors)],
        status=Comment.Status.PUBLISHED,
        body=f"Comment {n + 1}: thanks, **this helped**. See [the FAQ](/en/).",
    )
publisher = User.objects.get(email="publisher@example.com")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(publisher.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = publisher.get_session_auth_hash()
session.create()
visitor = User(pk=0, is_active=True)
section = Section.objects.filter(articles__in=Article.objects.visible_to(visitor))
print("SESSION", session.session_key)
category = Category.objects.filter(sections__in=section).first()
print("CATEGORY", category.get_absolute_url())
print("SECTION", section.first().get_absolute_url())
print("ARTICLE", seed.get_absolute_url())
"""


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    errors: int


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    target: float | None = None
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(run, attr) for run in self.runs)


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + "b" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
    }


def bench_database(workdir: Path) -> str:
    """A fresh database of the benchmark's own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "helpcenter") + "_bench_pages"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(env: dict) -> list[Page]:
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    out = manage(env, "shell", "-c", SEED.replace("COMMENTS", str(COMMENTS)))
    found = dict(re.findall(r"^([A-Z]+) (\S+)$", out, re.M))
    cookie = f"sessionid={found['SESSION']}"
    return [
        Page("home, visitor", "/en/", target=VISITOR_TARGET),
        Page("category, visitor", found["CATEGORY"], target=VISITOR_TARGET),
        Page("section, visitor", found["SECTION"], target=VISITOR_TARGET),
        Page("seed article, visitor", found["ARTICLE"], target=VISITOR_TARGET),
        Page("contact page, visitor", "/en/support/", target=VISITOR_TARGET),
        Page(
            f"seed article, signed in, {COMMENTS} comments",
            found["ARTICLE"],
            cookie,
            target=SIGNED_IN_TARGET,
        ),
        Page(
            'search "payment", signed in',
            "/en/search/?q=payment",
            cookie,
            target=SIGNED_IN_TARGET,
        ),
    ]


def serve(env: dict, port: int, app: str, chdir: Path) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "--chdir", str(chdir), "-w", WORKERS, "-k", "sync"]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    log = open(Path(tempfile.gettempdir()) / f"bench-pages-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except urllib.error.HTTPError:
            return server  # it answers (hello has no /healthz)
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn on port {port} did not start: see {log.name}")


def fetch(port: int, page: Page) -> int:
    """GET the page; a signed-in page keeps the CSRF cookie it is given, as a
    browser does (signing in sets it)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{page.path}")
    if page.cookie:
        request.add_header("Cookie", page.cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name_value = header.split(";")[0]
                if (
                    page.cookie
                    and name_value.startswith("csrftoken=")
                    and ("csrftoken=" not in page.cookie)
                ):
                    page.cookie += f"; {name_value}"
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(port: int, page: Page) -> Run:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if page.cookie:
        command += ["-H", f"Cookie: {page.cookie}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{page.path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if len(latency) < 2:
        raise SystemExit(f"wrk said, for {page.name}:\n{out}")
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|"
            r"connect|read|write|timeout) (\d+)",
            out,
        )
    )
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=milliseconds(latency["50"]),
        p99=milliseconds(latency["99"]),
        errors=errors,
    )


def worker_memory_mb(server: subprocess.Popen) -> float:
    """The largest resident size among the gunicorn workers."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    sizes = []
    for pid in children.split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return max(sizes)


def report(hello: Page, pages: list[Page], memory: float) -> list[str]:
    hello_rps = hello.median("rps")
    lines = [
        f"{'page':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'x hello':>8}",
    ]
    missed = []
    for page in [hello, *pages]:
        ratio = page.median("rps") / hello_rps
        lines.append(
            f"{page.name:<40} {page.median('rps'):>8.0f} {page.median('p50'):>8.1f} "
            f"{page.median('p99'):>8.1f} {sum(r.errors for r in page.runs):>7} "
            f"{ratio:>8.2f}"
        )
        if page.target is not None and ratio < page.target:
            missed.append(f"{page.name} {ratio:.2f}x < {page.target}x")
        if any(r.errors for r in page.runs):
            missed.append(f"{page.name}: errors")
        if page.median("p99") > P99_OVER_P50 * page.median("p50"):
            missed.append(f"{page.name}: p99 over {P99_OVER_P50}x p50")
    lines.append(f"worker memory: {memory:.0f} MB (target under {MEMORY_MB} MB)")
    if memory >= MEMORY_MB:
        missed.append(f"worker memory {memory:.0f} MB")
    lines.append(
        "Targets met" if not missed else "Targets not met: " + "; ".join(missed)
    )
    return lines


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make test-deps` installs it.")
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = environment(bench_database(workdir))
    pages = prepare(env)
    hello = Page("bare Django hello view", "/")
    portal = serve(env, PORTAL_PORT, "helpcenter.wsgi", ROOT)
    bare = serve(env, HELLO_PORT, "hello:application", ROOT / "scripts" / "hello")
    try:
        for page in pages:
            statuses = {fetch(PORTAL_PORT, page) for _ in range(3)}  # warm caches
            if statuses != {200}:
                raise SystemExit(f"{page.name} {page.path} answered {statuses}")
        for _ in range(ROUNDS):
            hello.runs.append(wrk(HELLO_PORT, hello))
            for page in pages:
                page.runs.append(wrk(PORTAL_PORT, page))
        memory = worker_memory_mb(portal)
    finally:
        for server in (portal, bare):
            server.terminate()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"\n{database}, {ROUNDS} interleaved rounds of {SECONDS} s, "
        f"{CONNECTIONS} connections, {WORKERS} workers (medians)"
    )
    print("\n".join(report(hello, pages, memory)))
    return 1 if any(run.errors for page in pages for run in page.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
