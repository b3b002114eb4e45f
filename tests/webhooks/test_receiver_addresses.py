"""Where deliveries may go, checked when subscribing and again at each delivery (DNS rebinding),
which then connects to the address it checked."""

from __future__ import annotations

import pytest

from services.webhooks.addresses import RefusedAddress, refusal, target
from services.webhooks.sender import Sender
from tests.support.receiver import Receiver

PUBLIC = "93.184.216.34"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.7",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:10.0.0.1",
        "100.64.0.1",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_outside_development(
    address: str,
) -> None:
    assert refusal(address, allow_private=False) is not None


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.7", "::1", "169.254.1.1"])
def test_development_may_deliver_to_them(address: str) -> None:
    assert refusal(address, allow_private=True) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "224.0.0.1", "ff02::1"])
def test_no_receiver_has_an_unspecified_or_multicast_address(address: str) -> None:
    assert refusal(address, allow_private=True) is not None


def test_a_public_address_is_allowed() -> None:
    assert refusal(PUBLIC, allow_private=False) is None


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(RefusedAddress, match=r"10\.0\.0\.1"):
        target("https://hooks.example.org/x", False, lambda host, port: [PUBLIC, "10.0.0.1"])


def test_a_name_that_rebinds_to_loopback_after_subscribing_is_refused_at_delivery() -> None:
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    resolve = lambda host, port: next(answers)  # noqa: E731
    target("https://hooks.example.org/x", False, resolve)  # when subscribing: public
    sender = Sender(timeout=2, allow_private=False, resolve=resolve)

    answer = sender.post("https://hooks.example.org/x", b"{}", {})

    assert not answer.ok and answer.code is None
    assert answer.error is not None and "127.0.0.1" in answer.error


def test_a_delivery_connects_to_the_address_it_checked_with_the_receivers_host_name() -> None:
    receiver = Receiver()
    receiver.start()
    port = receiver.server.port
    looked_up: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    try:
        answer = Sender(timeout=5, allow_private=True, resolve=resolve).post(
            f"http://hooks.example.test:{port}/hook", b"{}", {"webhook-id": "x"}
        )
    finally:
        receiver.stop()

    assert answer.ok and answer.code == 204
    assert looked_up == ["hooks.example.test"]
    assert receiver.received[0].headers["host"] == f"hooks.example.test:{port}"
    assert receiver.received[0].headers["content-type"] == "application/cloudevents+json"
