"""The admin for staff, one module per part of the app."""

from . import (
    articles,
    catalog,
    images,
    readers,
    revisions,
    searching,
    translations,
)
from .editor import markdown_preview

__all__ = [
    "articles",
    "catalog",
    "images",
    "markdown_preview",
    "readers",
    "revisions",
    "searching",
    "translations",
]
