"""A real OpenID provider for the tests: npm's oidc-provider (tests/support/idp/idp.mjs) on the
machine's Node.js, installed with `npm ci` from the committed lockfile when missing, started on a
free loopback port and stopped by the test that asked for it.

Its login form takes any password; `tokens_for` walks the authorisation code flow (with PKCE)
over HTTP as a browser would, for tests of the API's bearer tokens that need no browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx

from tests.support.postgres import free_port

HERE = Path(__file__).resolve().parent / "idp"
INSTALLED = HERE / "node_modules" / ".installed"
CLIENT_ID = "tandem"
CLIENT_SECRET = "tandem-test-client-secret"
AUDIENCE = "urn:tandem:api"
SCOPE = "openid email profile groups"
START_SECONDS = 30

# The people the provider knows in tests/webapp: two with addresses Tandem will know, one it
# will not, staff.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "ana-at-idp": {"email": "ana@example.org", "email_verified": True, "name": "Ana", "groups": []},
    "unverified": {
        "email": "ana@example.org",
        "email_verified": False,
        "name": "Not Ana",
        "groups": [],
    },
    "stranger": {
        "email": "stranger@example.org",
        "email_verified": True,
        "name": "Stranger",
        "groups": ["everyone"],
    },
    "carla": {
        "email": "carla@example.org",
        "email_verified": True,
        "name": "Carla",
        "groups": ["everyone", "tandem-coordinators"],
    },
    "audrey": {
        "email": "audrey@example.org",
        "email_verified": True,
        "name": "Audrey",
        "groups": ["tandem-auditors"],
    },
}
# The provider's groups that give a role in Tandem, as an operator would set them.
ROLE_MAP = {"tandem-coordinators": "coordinator", "tandem-auditors": "auditor"}
CALLBACK = "http://127.0.0.1/tests/callback"  # the code is read from the redirect, not followed


def install() -> None:
    """`npm ci` once, and again only when the lockfile changes."""
    lock = HERE / "package-lock.json"
    if INSTALLED.exists() and INSTALLED.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed for the tests' identity provider (Node.js 20 or later)"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    INSTALLED.touch()


class IdentityProvider:
    def __init__(self, accounts: dict[str, dict[str, Any]], redirect_uris: list[str]) -> None:
        self.accounts = accounts
        self.redirect_uris = redirect_uris
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> IdentityProvider:
        install()
        env = {
            **os.environ,
            "IDP_PORT": str(self.port),
            "IDP_CLIENT_ID": CLIENT_ID,
            "IDP_CLIENT_SECRET": CLIENT_SECRET,
            "IDP_REDIRECT_URIS": ",".join(self.redirect_uris),
            "IDP_AUDIENCE": AUDIENCE,
            "IDP_ACCOUNTS": json.dumps(self.accounts),
        }
        self.process = subprocess.Popen(
            ["node", str(HERE / "idp.mjs")],
            cwd=HERE,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_SECONDS
        line = self.process.stdout.readline()  # it prints one line once it listens
        assert "ready" in line and time.monotonic() < deadline, (
            f"the provider did not start: {line}"
        )
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def sign_in_settings(self, **overrides: Any) -> Any:
        from services.sign_in_settings import SignInSettings

        settings = {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scope": SCOPE,
            "audience": AUDIENCE,
            **overrides,
        }
        return SignInSettings(**settings)

    def tokens_for(self, login: str) -> dict[str, Any]:
        """Signs `login` in through the provider's own pages and exchanges the code for tokens."""
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        redirect_uri = self.redirect_uris[0]
        query = {
            "client_id": CLIENT_ID,
            "response_type": "code",
            "scope": SCOPE,
            "redirect_uri": redirect_uri,
            "state": secrets.token_urlsafe(8),
            "nonce": secrets.token_urlsafe(8),
            "code_challenge": challenge.decode().rstrip("="),
            "code_challenge_method": "S256",
        }
        with httpx.Client(base_url=self.issuer, timeout=10) as browser:
            answer = browser.get(f"/auth?{urlencode(query)}")
            for form in (
                {"prompt": "login", "login": login, "password": "any"},
                {"prompt": "consent"},
            ):
                while answer.is_redirect:
                    answer = browser.get(urljoin(self.issuer, answer.headers["location"]))
                action = re.search(r'action="([^"]+)"', answer.text)
                assert action, answer.text
                answer = browser.post(action.group(1), data=form)
            while not answer.headers["location"].startswith(redirect_uri):
                answer = browser.get(urljoin(self.issuer, answer.headers["location"]))
            code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
            tokens = browser.post(
                "/token",
                auth=(CLIENT_ID, CLIENT_SECRET),
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": verifier,
                },
            )
            assert tokens.status_code == 200, tokens.text
            return dict(tokens.json())
