"""What goes wrong on a page is told on a page, in the person's language (the API's problems
stay problem+json, in English)."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from domain.errors import DomainError, InvalidReference, NotAllowed, UnknownPart
from services.coordination import NotCaughtUp
from services.errors import DamagedHistory, NotFound, StoreUnavailable, ViewsStalled


def register_page_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(NotFound, _not_found)
    blueprint.register_error_handler(UnknownPart, _not_found)
    blueprint.register_error_handler(NotAllowed, _forbidden)
    blueprint.register_error_handler(CSRFError, _form_expired)
    blueprint.register_error_handler(ValidationError, _invalid)
    blueprint.register_error_handler(InvalidReference, _invalid)
    blueprint.register_error_handler(DamagedHistory, _damaged)
    blueprint.register_error_handler(DomainError, _refused)
    for unavailable in (NotCaughtUp, StoreUnavailable, ViewsStalled, PersistenceError):
        blueprint.register_error_handler(unavailable, _unavailable)
    blueprint.register_error_handler(HTTPException, _http)
    blueprint.register_error_handler(Exception, _unexpected)


def error_page(status: int, title: str, detail: str, **extra: Any) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, detail=detail, **extra), status


def _not_found(error: Exception) -> tuple[str, int]:
    return error_page(404, _("Not found"), _("There is nothing here, or it is not yours to see."))


def _forbidden(error: Exception) -> tuple[str, int]:
    return error_page(403, _("Not for your role"), _("Your role does not reach this page."))


def _form_expired(error: Exception) -> tuple[str, int]:
    return error_page(
        400, _("The form has expired"), _("Go back, reload the page and send the form again.")
    )


def _invalid(error: Exception) -> tuple[str, int]:
    if isinstance(error, ValidationError):
        messages = error.normalized_messages()  # type: ignore[no-untyped-call]
        fields = sorted(messages) if isinstance(messages, dict) else []
    else:
        fields = [getattr(error, "field", "")]
    return error_page(
        422, _("Please check what you entered"), _("Some values are not valid."), fields=fields
    )


def _damaged(error: Exception) -> tuple[str, int]:
    return error_page(
        409,
        _("This history is damaged"),
        _("Its stored events cannot be read. An auditor's verification names what is wrong."),
    )


def _refused(error: Exception) -> tuple[str, int]:
    return error_page(
        409, _("Not possible now"), _("The relationship's state does not allow this.")
    )


def _unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
    current_app.logger.warning("A page could not be answered: %s", error)
    page, status = error_page(
        503, _("Please try again shortly"), _("Tandem cannot reach its data just now.")
    )
    return page, status, {"Retry-After": "5"}


def _unexpected(error: Exception) -> tuple[str, int]:
    current_app.logger.exception("Unexpected error on a page")
    return error_page(500, _("Something went wrong"), _("Something went wrong on our side."))


def _http(error: HTTPException) -> tuple[str, int]:
    status = error.code or 500
    if status == 404:
        return _not_found(error)
    if status == 403:
        return _forbidden(error)
    return error_page(status, _("Something is not right"), _("This request cannot be answered."))
