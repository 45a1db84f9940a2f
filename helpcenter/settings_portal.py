"""The portal's own settings: limits, identity, support routing, comments,
articles' review, the page cache and rate limits.

Read into helpcenter.settings, after the `.env` file is loaded; like every
setting, each variable is listed with its default in README.md and
.env.example.
"""

from helpcenter.env import env, env_bool, env_int, env_list

# The whole request body, checked before anything reads it (a clear 413):
# a support request may carry five 5 MB screenshots.
MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_MB", 30) * 1024 * 1024
# Images on other origins (e.g. a CDN in front of the media); none by default.
CSP_MEDIA_ORIGINS = env_list("DJANGO_CSP_MEDIA_ORIGINS")
# The admin's address; another path keeps it out of the way of scanners.
ADMIN_PATH = env("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# Uploads: article images are at most 5 MB (checked by the form as well).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ARTICLE_IMAGE_MAX_BYTES = 5 * 1024 * 1024

# Portal identity, shown in the header and page titles.
PORTAL_NAME = env("PORTAL_NAME", "Publisher Help Center")
SUPPORT_CHAT_URL = env("SUPPORT_CHAT_URL")
# The portal's address, for links in emails sent outside a request.
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000")

# Support routing: a country header set by a trusted proxy (e.g.
# CF-IPCountry); ignored unless set.
SUPPORT_COUNTRY_HEADER = env("SUPPORT_COUNTRY_HEADER")
SUPPORT_MAX_SCREENSHOTS = 5

# Comments: held for a manager's approval unless this is off. Comments with
# more than COMMENT_MAX_LINKS links, or by someone with rejected or spam
# comments, are held even when it is off.
COMMENTS_PREMODERATION = env_bool("COMMENTS_PREMODERATION", True)
COMMENT_MAX_LINKS = 3
COMMENTS_PER_PAGE = 50

# The Needs attention page lists published articles nobody has reviewed or
# changed for this many days.
ARTICLE_REVIEW_DAYS = env_int("ARTICLE_REVIEW_DAYS", 180)

# Cached pages and fragments (helpcenter.pagecache): kept at most this long,
# though any change makes them out of date at once. PAGE_CACHE_MAX_AGE is the
# max-age a reverse proxy or CDN may keep visitors' pages (0: it asks again,
# with the ETag, every time).
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_MAX_AGE = env_int("DJANGO_PAGE_CACHE_MAX_AGE", 0)
# On PostgreSQL, the content version is known from notifications rather than
# read for every page (helpcenter.listening); 0 behind a pooler in
# transaction mode, which does not pass them on.
CONTENT_VERSION_LISTEN = env_bool("DJANGO_CONTENT_VERSION_LISTEN", True)

# Per-user rate limits (django-ratelimit; counted in the default cache).
RATE_LIMITS = {
    "vote": env("RATE_LIMIT_VOTE", "10/m"),
    "comment": env("RATE_LIMIT_COMMENT", "5/m"),
    "follow": env("RATE_LIMIT_FOLLOW", "20/m"),
    "support_request": env("RATE_LIMIT_SUPPORT_REQUEST", "10/h"),
    # The Help Center API (zendesk/), per token and per address.
    "api": env("RATE_LIMIT_API", "300/m"),
}
