from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("support/", views.contact, name="contact"),
    path("support/region/", views.choose_region, name="choose-region"),
    path("support/request/", views.request_form, name="request"),
    path("support/request/sent/", views.request_sent, name="request-sent"),
    path("support/attachments/<int:pk>/", views.attachment, name="attachment"),
]
