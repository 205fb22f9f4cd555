"""Documents out: certificates, diplomas, QR badges, schedules, score sheets, CSV and JSON.

Pure with respect to the web layer: plain dataclasses in, bytes (PDF, ZIP) out.
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
