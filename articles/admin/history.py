"""An article's revisions, and any two of them compared word by word."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import editorial
from ..models import Article, Revision

REVISIONS_SHOWN = 200


def article_history(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """The revisions of the article, or of one of its translations
    (`?language=`), newest first; `?a=&b=` compares two of them."""
    if not request.user.has_perm("articles.view_revision"):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    languages = [
        article.language,
        *article.translations.values_list("language", flat=True),
    ]
    language = request.GET.get("language", article.language)
    if language not in languages:
        language = article.language
    revisions = Revision.objects.filter(article=article)
    if language == article.language:
        revisions = revisions.filter(translation=None)
    else:
        revisions = revisions.filter(translation__language=language)
    revisions = list(
        revisions.select_related("author", "reviewed_by")[:REVISIONS_SHOWN]
    )
    by_id = {str(revision.pk): revision for revision in revisions}
    older, newer = by_id.get(request.GET.get("a")), by_id.get(request.GET.get("b"))
    if older is None and newer is None and len(revisions) > 1:
        newer, older = revisions[0], revisions[1]
    if older and newer and older.created_at > newer.created_at:
        older, newer = newer, older
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Revisions of “%(title)s”") % {"title": article.title},
        "opts": Article._meta,
        "article": article,
        "languages": languages,
        "language": language,
        "revisions": revisions,
        "older": older,
        "newer": newer,
        "diff": editorial.compare(older, newer) if older and newer else None,
        "may_restore": request.user.has_perm("articles.change_article")
        and editorial.may_edit_language(request.user, language),
    }
    return render(request, "admin/articles/article/revisions.html", context)
