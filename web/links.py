"""Absolute links for printed documents and QR codes: the configured public address
(``ZHARYS_PUBLIC_URL``) when set, since a code printed or sent to a phone must work from other
devices on the venue's network; else the address the request came in on."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


class WebLinks:
    """``exports.documents.Links`` for the running app (needs an app or request context)."""

    def team(self, number: int) -> str:
        return external_url("pages.team", number=number)

    def team_certificate(self, token: str) -> str:
        return external_url("exports.verify", token=token)

    def olympiad_document(self, token: str) -> str:
        return external_url("olympiad.verify", token=token)

    def join(self, code: str) -> str:
        return external_url("auth.join", code=code)

    def leader(self, token: str) -> str:
        return external_url("olympiad.leader_sign_in", token=token)
