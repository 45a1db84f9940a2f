"""The articles app's models, one module per concern; import them from here."""

from .articles import NOT_SAVED_BY_FORMS, Article, ArticleQuerySet, where_sql
from .catalog import Category, CategoryQuerySet, Section, SectionQuerySet
from .common import (
    ARTICLE_BODY_MAX_CHARS,
    Visibility,
    publication_state,
    render_body,
    visibilities_for,
)
from .freshness import BrokenLink
from .images import (
    IMAGE_FORMATS,
    IMAGE_MAX_PIXELS,
    ArticleImage,
    article_image_path,
    random_upload_name,
    validate_image_file,
)
from .readers import Comment, CommentQuerySet, Follow, Vote, is_moderator
from .revisions import Revision, RevisionQuerySet
from .searching import Citation, SearchTerm, SearchWord
from .translations import ArticleTranslation, ArticleTranslationQuerySet

__all__ = [
    "ARTICLE_BODY_MAX_CHARS",
    "IMAGE_FORMATS",
    "IMAGE_MAX_PIXELS",
    "NOT_SAVED_BY_FORMS",
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleTranslation",
    "ArticleTranslationQuerySet",
    "BrokenLink",
    "Category",
    "CategoryQuerySet",
    "Citation",
    "Comment",
    "CommentQuerySet",
    "Follow",
    "Revision",
    "RevisionQuerySet",
    "SearchTerm",
    "SearchWord",
    "Section",
    "SectionQuerySet",
    "Visibility",
    "Vote",
    "article_image_path",
    "is_moderator",
    "publication_state",
    "random_upload_name",
    "render_body",
    "validate_image_file",
    "visibilities_for",
    "where_sql",
]
