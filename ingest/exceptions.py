"""Errors the readers raise. Each message names the file and says what to do."""


class IngestError(Exception):
    """A file could not be read at all.

    `code` is a short stable identifier stored with the failure; the message
    is written for the person who gave planwatch the file.
    """

    code = "unreadable"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class EmptyFile(IngestError):
    code = "empty_file"


class CorruptFile(IngestError):
    code = "corrupt_file"


class EncryptedFile(IngestError):
    code = "encrypted"
