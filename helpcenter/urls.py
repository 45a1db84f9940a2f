from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_GET

from articles import views as article_views
from articles.sitemaps import SITEMAPS

from . import views

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME
# No side door: the admin's login page sends people to the sign-in everybody
# uses, with allauth's rate limits, email verification and second factor.
admin.site.login = secure_admin_login(admin.site.login)

# The admin, the health check, the language switch, images, robots.txt and
# the sitemaps have one address; every page a reader sees has one per
# language: /en/, /fr/, ...
urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # For search engines: one address, whatever the language.
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        require_GET(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        require_GET(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # Uploaded images keep the address their storage gives them.
    path(
        "media/articles/<path:name>", article_views.article_image, name="article-image"
    ),
    # The Zendesk Help Center API and Zendesk's old /hc/ addresses.
    path("", include("zendesk.urls")),
]
urlpatterns += i18n_patterns(
    path("", article_views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("support.urls")),
    path("accounts/", include("zendesk.account_urls")),
    path("accounts/", include("allauth.urls")),
)

handler400 = "helpcenter.views.bad_request"
handler404 = "helpcenter.views.page_not_found"
handler500 = "helpcenter.views.server_error"
