"""Sending an uploaded file once a view has checked who may see it."""

import mimetypes

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse


def send_file(field_file) -> HttpResponse:
    """Stream the file, or hand it to the web server in front of us.

    With DJANGO_MEDIA_ACCEL_PREFIX (e.g. "/protected-media/"), nginx serves
    the file from an `internal` location given in X-Accel-Redirect, so no
    app worker is busy sending bytes; the media folder itself is never
    public. Otherwise (and for S3 storage) the file is streamed.
    """
    prefix = settings.MEDIA_ACCEL_PREFIX
    if prefix and isinstance(field_file.storage, FileSystemStorage):
        if not field_file.storage.exists(field_file.name):
            raise Http404
        content_type, _ = mimetypes.guess_type(field_file.name)
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + field_file.name
        return response
    try:
        return FileResponse(field_file.open("rb"))
    except FileNotFoundError:
        raise Http404 from None
