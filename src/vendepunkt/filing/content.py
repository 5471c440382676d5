"""What a file is, found from its content (its first bytes and, for the office formats, the
entries of the zip archive), never from its name or the Content-Type the client sent (D90).
The library is `filetype` (pure Python, no system library). Only the types below are filed:
PDF, the usual images, and the open office formats (Office Open XML and OpenDocument). The old
binary Office formats (.doc, .xls) are not: they carry macros and are converted to PDF or the
new formats before filing."""

from __future__ import annotations

from dataclasses import dataclass

import filetype

# MIME type → the extension the download gets
ALLOWED: dict[str, str] = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
    "image/heic": "heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# what the error message lists
ALLOWED_NAMES = "PDF, JPEG, PNG, GIF, WebP, TIFF, HEIC, DOCX, XLSX, PPTX, ODT, ODS, ODP"


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def detect(data: bytes) -> Kind | None:
    """The file's type if it is one that is filed, else None."""
    guess = filetype.guess(data)
    if guess is None or guess.mime not in ALLOWED:
        return None
    return Kind(guess.mime, ALLOWED[guess.mime])
