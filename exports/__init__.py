"""Documents and data out: certificates, diplomas, QR badges, schedules, score and result
sheets, CSV, FTC Events API JSON, charts, backups.

The renderers take plain dataclasses and return bytes (PDF, ZIP, PNG); the readers
(``documents``, ``schedules``, ``results``, ``charts``) read the event through ``tournament``;
``catalogue`` lists every export for ``zharys export`` and the exports page. No web here.
"""

from .certificates import (
    LANGS,
    Certificate,
    DocumentError,
    DocumentStyle,
    Signatory,
    certificates_pdf,
    certificates_zip,
)
from .fonts import FontNotFoundError, register_fonts
from .olympiad import (
    AWARDS,
    CoverSheet,
    OlympiadDocument,
    cover_sheets_pdf,
    document_filename,
    document_title,
    olympiad_documents_pdf,
    olympiad_documents_zip,
)

__all__ = [
    "AWARDS",
    "LANGS",
    "Certificate",
    "CoverSheet",
    "DocumentError",
    "DocumentStyle",
    "FontNotFoundError",
    "OlympiadDocument",
    "Signatory",
    "certificates_pdf",
    "certificates_zip",
    "cover_sheets_pdf",
    "document_filename",
    "document_title",
    "olympiad_documents_pdf",
    "olympiad_documents_zip",
    "register_fonts",
]
