"""Every error hearsay raises on purpose, with a code a user can search for."""

from __future__ import annotations


class HearsayError(Exception):
    """Base class: a problem with the user's input or settings, reported without a traceback."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class MissingInputError(HearsayError):
    code = "E001"


class SettingsError(HearsayError):
    code = "E002"


class ModelNotInstalledError(HearsayError):
    code = "E003"


class StoreError(HearsayError):
    code = "E004"


class StageContractError(HearsayError):
    """A stage returned something other than what it promised."""

    code = "E005"


class NotADossierError(HearsayError):
    code = "E006"


class UnknownStanceError(HearsayError):
    """A filter on a stance no mention can have, which would silently find nothing."""

    code = "E007"


class SkipDocument(Exception):
    """Raised inside a stage to skip one document with a reason; the batch goes on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
