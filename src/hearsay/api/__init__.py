"""The read-only REST API over a built dossier: ``hearsay serve DIR``.

Routes only parse, call a function of ``hearsay.queries`` and return; errors share one shape
(``{"error": {"code", "message"}}``).
"""

from hearsay.api.app import create_app

__all__ = ["create_app"]
