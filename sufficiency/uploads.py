"""Uploads bigger than the service accepts are refused before their body is read.

Django reads a multipart body as soon as anything asks for request.POST, and the CSRF check asks
first, so a limit checked in a view comes after the whole upload has been received and written
to disk. This handler runs before that: when the declared length is over the limit it hands back
an empty form without reading a byte, notes why on the request, and the CSRF failure view (the
token was in the unread body) answers 413 saying which limit it was.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.views.csrf import csrf_failure as django_csrf_failure

from sufficiency.formatting import count

REFUSED = "sufficiency.upload_refused"
# Room for the form's other fields and the multipart boundaries around the files.
MULTIPART_MARGIN = 64 * 1024


def megabytes(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB" if size >= 1024**2 else f"{count(size)} bytes"


def too_large_message(size: int, limit: int) -> str:
    return (
        f"The files are {megabytes(size)}, more than the upload limit of {megabytes(limit)} "
        "(IMPORT_MAX_UPLOAD_BYTES)"
    )


class RefuseOversizedUpload(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if content_length - MULTIPART_MARGIN > limit:
            META[REFUSED] = too_large_message(content_length - MULTIPART_MARGIN, limit)
            return QueryDict(), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused upload's answer (its CSRF token was never read); any other CSRF failure gets
    Django's own page."""
    if REFUSED in request.META:
        return render(
            request, "upload_too_large.html", {"message": request.META[REFUSED]}, status=413
        )
    return django_csrf_failure(request, reason=reason)
