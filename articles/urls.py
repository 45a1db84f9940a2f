from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("categories/<int:pk>-<slug:slug>/", views.category_detail, name="category"),
    path("sections/<int:pk>-<slug:slug>/", views.section_detail, name="section"),
    path("articles/<int:pk>-<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/", views.article_detail, name="detail-short"),
    path("search/", views.search, name="search"),
    path("media/articles/<path:name>", views.article_image, name="image"),
]
