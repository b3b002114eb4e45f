"""Who is signed in to the web app: a caller kept in Flask's signed session cookie, for a
limited time; the chosen language outlives signing in and out."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import session

from services import Caller

KEPT = ("lang",)  # what survives signing in and out
clock: Callable[[], float] = time.time  # tests move it forward to see a session expire


def begin(caller: Caller, name: str, via: str, hours: float) -> None:
    """A fresh session for the caller: nothing of an earlier one is carried over (fixation)."""
    kept = {key: session[key] for key in KEPT if key in session}
    session.clear()
    session.update(kept)
    session.permanent = True
    session["sub"] = caller.sub
    session["roles"] = sorted(caller.roles)
    session["name"] = name
    session["via"] = via
    session["expires"] = clock() + hours * 3600


def current() -> tuple[Caller | None, bool]:
    """The signed-in caller, if any, and whether a session just expired."""
    if "sub" not in session:
        return None, False
    if clock() >= float(session.get("expires", 0)):
        end()
        return None, True
    return Caller(sub=session["sub"], roles=frozenset(session["roles"])), False


def name() -> str:
    return str(session.get("name", ""))


def end() -> None:
    kept = {key: session[key] for key in KEPT if key in session}
    session.clear()
    session.update(kept)
