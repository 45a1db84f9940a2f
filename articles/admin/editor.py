"""Endpoints behind the article editor's enhancements (staff only).

static/js/admin-editor.js adds a live preview, an image button and an
article link picker to the body field; without JavaScript it stays a plain
textarea and these endpoints are not needed.
"""

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from helpcenter.markup import MarkupTooComplex, render_markdown

from ..models import Article, ArticleImage
from ..models.revised import same_text

LINK_RESULTS = 10


class BodyField(forms.CharField):
    """A Markdown body from a textarea. Browsers send its lines ending in
    CRLF: the text is kept with LF, as stored, and one sent back untouched
    has not changed (no revision, no "Updated", no follower email, no
    refusal of a language the editor may not edit)."""

    def to_python(self, value):
        return same_text(super().to_python(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return same_text(initial or "") != self.to_python(data)


def body_widget_attrs() -> dict:
    """The body textarea's data attributes: endpoints and translated labels
    for the editor's scripts."""
    return {
        "rows": 24,
        "data-preview-url": reverse("admin:articles_markdown_preview"),
        "data-preview-label": gettext_lazy("Preview"),
        "data-preview-busy": gettext_lazy("Rendering…"),
        "data-preview-done": gettext_lazy("Preview updated."),
        "data-preview-refused": gettext_lazy("This body cannot be saved as it is."),
        "data-preview-failed": gettext_lazy(
            "The preview could not be loaded. Try again."
        ),
        "data-upload-url": reverse("admin:articles_image_upload"),
        "data-toolbar-label": gettext_lazy("Editor tools"),
        "data-upload-label": gettext_lazy("Insert image"),
        "data-upload-file": gettext_lazy("Image file (PNG, JPEG, GIF or WebP)"),
        "data-upload-send": gettext_lazy("Upload and insert"),
        "data-upload-alt": gettext_lazy(
            "Describe the image for people who cannot see it"
        ),
        "data-upload-busy": gettext_lazy("Uploading…"),
        "data-upload-done": gettext_lazy("Image inserted."),
        "data-links-url": reverse("admin:articles_article_links"),
        "data-links-label": gettext_lazy("Insert link to article"),
        "data-links-search": gettext_lazy("Search articles by title"),
        "data-links-none": gettext_lazy("No article found."),
        "data-links-done": gettext_lazy("Link inserted."),
        "data-close-label": gettext_lazy("Close"),
    }


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    """Render the editor's unsaved Markdown with the renderer the site uses."""
    try:
        html = render_markdown(request.POST.get("body", ""))
    except MarkupTooComplex as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"html": html})


class ImageUploadForm(forms.ModelForm):
    class Meta:
        model = ArticleImage
        fields = ["image", "alt", "article"]


@staff_member_required
@require_POST
def image_upload(request: HttpRequest) -> JsonResponse:
    """Upload an image from the editor; answers the Markdown to insert."""
    if not request.user.has_perm("articles.add_articleimage"):
        raise PermissionDenied
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = request.user
    image.save()
    return JsonResponse({"markdown": image.markdown, "url": image.image.url})


@staff_member_required
@require_GET
def article_links(request: HttpRequest) -> JsonResponse:
    """Articles whose title holds the words typed, with their stable link.

    The link is /articles/<id>/ without a slug or language, so renaming the
    article never breaks it; the site redirects to the current address.
    """
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    words = request.GET.get("q", "").split()[:5]
    found = Article.objects.all()
    for word in words:
        found = found.filter(title__icontains=word)
    rows = found.order_by("title").values("pk", "title", "status", "visibility")
    return JsonResponse(
        {
            "results": [
                {
                    "id": row["pk"],
                    "title": row["title"],
                    "status": row["status"],
                    "visibility": row["visibility"],
                    "url": f"/articles/{row['pk']}/",
                }
                for row in rows[:LINK_RESULTS]
            ],
            "empty": _("No article found."),
        }
    )
