# Help Center: a production image. Configure it with environment variables
# (see README.md); DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN python -m venv /venv && /venv/bin/pip install --upgrade pip \
    && /venv/bin/pip install .
COPY . .
RUN DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 \
    /venv/bin/python manage.py collectstatic --noinput --verbosity 0

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_MEDIA_ROOT=/data/media
RUN useradd --system --uid 10001 --home-dir /app helpcenter \
    && mkdir -p /data/media && chown helpcenter /data/media
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
USER helpcenter
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "python manage.py check --deploy --fail-level WARNING && python manage.py migrate --noinput && exec gunicorn helpcenter.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
