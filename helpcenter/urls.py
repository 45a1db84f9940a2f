from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import views as article_views

from . import views

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME

urlpatterns = [
    path("", article_views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("support.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler404 = "helpcenter.views.page_not_found"
handler500 = "helpcenter.views.server_error"
