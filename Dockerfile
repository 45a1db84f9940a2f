# Help Center: the production image (docs/deploy.md).
# Configured with environment variables (README.md); DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and DATABASE_URL must be set. Migrations are a separate
# one-shot step (`python manage.py migrate --noinput`), not part of start-up.

# Build: the locked, hash-checked dependencies in a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /venv
COPY requirements.lock ./
RUN /venv/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install --no-deps .

# Run: the virtual environment and the application, as a non-root user.
# Configured by the environment only: DJANGO_ENV_FILE empty reads no .env file
# (and .dockerignore keeps any local one out of the image).
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV_FILE= \
    DJANGO_MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3
RUN useradd --system --user-group --uid 10001 --no-create-home \
        --home-dir /app --shell /usr/sbin/nologin helpcenter \
    && mkdir -p /data/media \
    && chown helpcenter:helpcenter /data/media
WORKDIR /app
COPY --from=build /venv /venv
COPY . .
# Static files are part of the image, served by WhiteNoise. The key below is a
# throwaway for this one command; the running container needs its own.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret DJANGO_DEBUG=0 \
    python manage.py collectstatic --noinput --verbosity 0
USER 10001:10001
EXPOSE 8000
# The check presents the first allowed host and, behind a TLS proxy, the
# proxy's header, so neither ALLOWED_HOSTS nor the HTTPS redirect turns it
# away; it never follows a redirect elsewhere.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; \
host = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.*') or 'localhost'; \
name, _, value = os.environ.get('DJANGO_SECURE_PROXY_SSL_HEADER', '').partition(','); \
headers = {'Host': host, **({name.strip().removeprefix('HTTP_').replace('_', '-'): value.strip()} if name.strip() else {})}; \
no_redirect = type('NoRedirect', (r.HTTPRedirectHandler,), {'redirect_request': lambda *args: None}); \
r.build_opener(no_redirect).open(r.Request('http://127.0.0.1:8000/healthz?serving', headers=headers), timeout=4)"]
# Workers: WEB_CONCURRENCY (gunicorn reads it). No gunicorn access log: the
# portal logs one JSON line per request itself, with its request id. No
# control socket: nothing in a container uses it, and the home is read-only.
CMD ["gunicorn", "helpcenter.wsgi", "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", "--no-control-socket"]
