"""Endpoints behind the article editor's enhancements (staff only)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from helpcenter.markup import MarkupTooComplex, render_markdown


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    """Render the editor's unsaved Markdown with the renderer the site uses."""
    try:
        html = render_markdown(request.POST.get("body", ""))
    except MarkupTooComplex as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"html": html})
