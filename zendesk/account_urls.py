from django.urls import path

from . import views

app_name = "zendesk-account"

urlpatterns = [
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
