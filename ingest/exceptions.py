"""Errors the readers raise. Each message names the file and says what to do.

Every `code` here is listed, with what to do about it, in docs/failures.md.
"""


class IngestError(Exception):
    """A file could not be read at all.

    `code` is a short stable identifier stored with the failure; the message
    is written for the person who gave planwatch the file.
    """

    code = "unreadable"

    def __init__(self, message: str, *, code: str | None = None, pages: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.pages = pages
        """The page count, when the file was opened far enough to know it."""


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class EmptyFile(IngestError):
    code = "empty_file"


class CorruptFile(IngestError):
    code = "corrupt_file"


class TruncatedFile(CorruptFile):
    code = "truncated"


class EncryptedFile(IngestError):
    code = "encrypted"


class DownloadErrorPage(IngestError):
    """A web page or a line of text saved under a PDF or Word name."""

    code = "download_error_page"


class NoTextLayer(IngestError):
    """A PDF whose pages are all scanned images, with no text to read."""

    code = "no_text_layer"
