"""Signing secrets: made, kept encrypted, and used to sign as Standard Webhooks do."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, datetime

from cryptography.fernet import Fernet, InvalidToken
from standardwebhooks.webhooks import Webhook

PREFIX = "whsec_"  # as Standard Webhooks writes secrets: the prefix, then base64 of the key
SECRET_BYTES = 32


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


class Sealer:
    """Encrypts secrets at rest (Fernet: AES-CBC with an HMAC) under a key from the settings."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("The webhook key is empty.")
        derived = hashlib.sha256(b"tandem-webhook-secrets:" + key).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def unseal(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ValueError(
                "A signing secret cannot be decrypted: TANDEM_WEBHOOK_KEY (or the secret key "
                "it is derived from) changed since the subscription was made."
            ) from None


def signature_headers(secret: str, message_id: str, body: bytes, at: datetime) -> dict[str, str]:
    """`webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature` (`v1,<base64>`)."""
    moment = at.astimezone(UTC)
    signature = Webhook(secret).sign(message_id, moment, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
    }
