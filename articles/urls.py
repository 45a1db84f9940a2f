from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("categories/<int:pk>-<slug:slug>/", views.category_detail, name="category"),
    path("sections/<int:pk>-<slug:slug>/", views.section_detail, name="section"),
    path("articles/<int:pk>-<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/", views.article_detail, name="detail-short"),
    path("articles/<int:pk>/vote/", views.vote, name="vote"),
    path("articles/<int:pk>/vote/reason/", views.vote_reason, name="vote-reason"),
    path("articles/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("articles/<int:pk>/follow/", views.follow, name="follow"),
    path("comments/<int:pk>/", views.comment_permalink, name="comment"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.search_suggest, name="suggest"),
    path("feeds/articles/", require_GET(feeds.ArticleFeed()), name="feed"),
    path(
        "feeds/sections/<int:pk>/",
        require_GET(feeds.SectionFeed()),
        name="section-feed",
    ),
]
