"""Uploads spooled to disk when the disk is full (issue 22, "Faults survived").

Django keeps a small upload in memory and writes a larger one to a temporary file in
``FILE_UPLOAD_TEMP_DIR``. A full disk (or quota) there raised ``OSError`` out of the
request's parsing: a 500, and a partial temporary file left behind. This handler drops the
file instead, deletes what it had written, and marks the request; the other fields are
still parsed, so the page can keep them and say what happened
(:func:`upload_refused`)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.http import HttpRequest

logger = logging.getLogger(__name__)


class DiskFullSafeUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, which gives up on a file it cannot store."""

    def _refuse(self, error: OSError) -> None:
        if getattr(self, "file", None) is not None:
            with contextlib.suppress(OSError):
                self.file.close()  # a NamedTemporaryFile: deleted on close
        if self.request is not None:
            self.request.upload_refused = error  # type: ignore[attr-defined]
        logger.error("An upload could not be stored on the server's disk: %s", error)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().new_file(*args, **kwargs)
        except OSError as error:
            self._refuse(error)
            raise SkipFile from error

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            super().receive_data_chunk(raw_data, start)
        except OSError as error:
            self._refuse(error)
            raise SkipFile from error

    def file_complete(self, file_size: int) -> Any:
        try:
            return super().file_complete(file_size)  # flushes the last bytes
        except OSError as error:
            self._refuse(error)
            return None


def upload_refused(request: HttpRequest) -> OSError | None:
    """The disk error that made the server drop an uploaded file, if any (read after the
    request's POST/FILES)."""
    return getattr(request, "upload_refused", None)
