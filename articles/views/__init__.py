"""The articles app's views, one module per part of the page; import them
from here."""

from .comments import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_permalink,
    follow,
    unfollow,
)
from .moderation import MODERATION_PAGE_SIZE, moderation_queue
from .pages import article_detail, article_image, category_detail, home, section_detail
from .searching import search, search_suggest
from .votes import vote, vote_reason

__all__ = [
    "MODERATION_PAGE_SIZE",
    "article_detail",
    "article_image",
    "category_detail",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_permalink",
    "follow",
    "home",
    "moderation_queue",
    "search",
    "search_suggest",
    "section_detail",
    "unfollow",
    "vote",
    "vote_reason",
]
