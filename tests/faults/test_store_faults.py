"""The store stops, freezes or restarts under Tandem: prompt 503s, nothing recorded twice,
nothing recorded answered as refused, and the service recovers by itself.

A real `tandem serve` (gunicorn, threads, the projector in the process) on a PostgreSQL server
of this module's own, which the tests stop (`pg_ctl stop -m immediate`), freeze (SIGSTOP on
every server process) and restart.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest

from tests.support.answers import must
from tests.support.api import ApiClient, ApiResponse, HttpTransport
from tests.support.faults import frozen
from tests.support.http_world import Programme, enrolled_pair
from tests.support.postgres import ThrowawayPostgres, binaries
from tests.support.server import TandemServer, postgres_settings

SECRET = "store-faults-secret-0123456789-abcdefghijkl"
PROMPT = 10.0  # every answer within 10 s (API.md), readiness within 5 s
READY_PROMPT = 5.0
AWAY = 9.0


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[ThrowawayPostgres]:
    bindir = binaries()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found")
    server = ThrowawayPostgres(bindir, durable=True)  # a crash loses nothing acknowledged
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(
    own_postgres: ThrowawayPostgres, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TandemServer]:
    data = tmp_path_factory.mktemp("faults")
    settings = postgres_settings(own_postgres, own_postgres.new_schema(), SECRET, data)
    server = TandemServer(settings, data / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def api(served: TandemServer) -> ApiClient:
    return ApiClient(HttpTransport(served.base), SECRET)


@dataclass(frozen=True)
class Timed:
    answer: ApiResponse | None  # None: no answer at all
    seconds: float
    failure: str = ""  # why there was none (the client's error), for the report


def timed(call: Callable[[], ApiResponse]) -> Timed:
    started = time.monotonic()
    try:
        answer: ApiResponse | None = call()
    except httpx.TransportError as error:
        return Timed(None, time.monotonic() - started, f"{type(error).__name__}: {error}")
    return Timed(answer, time.monotonic() - started)


def active_relationship(pair: Programme) -> str:
    relationship = str(must(pair.ask(pair.budi, pair.ana), 201)["id"])
    must(pair.api.post(f"/api/relationships/{relationship}/accept", {}, token=pair.ana.token))
    return relationship


def calls_while_away(
    api: ApiClient, pair: Programme, relationship: str
) -> dict[str, Callable[[], ApiResponse]]:
    budi = pair.budi.token
    return {
        "read": lambda: api.get(f"/api/relationships/{relationship}", token=budi),
        "list": lambda: api.get(f"/api/relationships?participant_id={pair.budi.id}", token=budi),
        "command": lambda: api.post(
            f"/api/relationships/{relationship}/goals", {"text": "While away"}, token=budi
        ),
        "history": lambda: api.get(f"/api/relationships/{relationship}/history", token=budi),
    }


def all_at_once(calls: dict[str, Callable[[], ApiResponse]]) -> dict[str, Timed]:
    with ThreadPoolExecutor(len(calls)) as pool:
        futures = {name: pool.submit(timed, call) for name, call in calls.items()}
        return {name: future.result() for name, future in futures.items()}


def assert_prompt_503s(answers: dict[str, Timed]) -> None:
    for name, seen in answers.items():
        assert seen.answer is not None, f"{name}: no answer in {seen.seconds:.1f} s"
        assert seen.answer.status == 503, f"{name}: {seen.answer.status} {seen.answer.body}"
        assert seen.answer.content_type.startswith("application/problem+json"), name
        assert "retry-after" in seen.answer.headers, name
        assert seen.seconds < PROMPT, f"{name} took {seen.seconds:.1f} s"


def wait_until_ready(api: ApiClient, within: float = 30.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if api.get("/readyz").status == 200:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not ready again within {within} s")


def readiness(api: ApiClient) -> Timed:
    return timed(lambda: api.get("/readyz"))


def test_while_the_store_is_stopped_everything_answers_503_promptly_then_recovers(
    api: ApiClient, own_postgres: ThrowawayPostgres
) -> None:
    pair = enrolled_pair(api, "Stopped")
    relationship = active_relationship(pair)
    own_postgres.stop_immediately()
    try:
        ready = readiness(api)
        answers = all_at_once(calls_while_away(api, pair, relationship))
    finally:
        own_postgres.start_again()

    assert ready.answer is not None and ready.answer.status == 503
    assert ready.seconds < READY_PROMPT, f"/readyz took {ready.seconds:.1f} s"
    assert_prompt_503s(answers)
    wait_until_ready(api)
    goal = api.post(
        f"/api/relationships/{relationship}/goals", {"text": "Back"}, token=pair.budi.token
    )
    assert [g["text"] for g in must(goal)["goals"]] == ["Grow", "Back"]


def test_while_the_store_is_frozen_everything_answers_503_promptly_then_recovers(
    api: ApiClient, own_postgres: ThrowawayPostgres
) -> None:
    pair = enrolled_pair(api, "Frozen")
    relationship = active_relationship(pair)

    with frozen(own_postgres):
        ready = readiness(api)
        answers = all_at_once(calls_while_away(api, pair, relationship))

    assert ready.answer is not None and ready.answer.status == 503
    assert ready.seconds < READY_PROMPT, f"/readyz took {ready.seconds:.1f} s"
    assert_prompt_503s(answers)
    wait_until_ready(api)
    goal = api.post(
        f"/api/relationships/{relationship}/goals", {"text": "Thawed"}, token=pair.budi.token
    )
    goals = [g["text"] for g in must(goal)["goals"]]
    assert goals.count("Thawed") == 1 and goals.count("While away") <= 1


def test_view_reads_right_after_a_clean_restart_all_answer(
    api: ApiClient, own_postgres: ThrowawayPostgres
) -> None:
    pair = enrolled_pair(api, "Restarted")
    active_relationship(pair)

    def read(_: int) -> ApiResponse:
        path = f"/api/relationships?program_id={pair.id}"
        return api.get(path, token=pair.budi.token)

    with ThreadPoolExecutor(32) as pool:  # every pooled connection in use before the restart
        assert {answer.status for answer in pool.map(read, range(32))} == {200}

    own_postgres.restart()
    with ThreadPoolExecutor(32) as pool:
        statuses = Counter(answer.status for answer in pool.map(read, range(32)))

    assert statuses == {200: 32}


@dataclass
class Storm:
    """What a load of commands sent without Idempotency-Key was answered, text by text."""

    answers: dict[str, int] = field(default_factory=dict)  # unique text -> status (0: none)
    slow: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # why some had no answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, text: str, seen: Timed) -> ApiResponse | None:
        with self.lock:
            self.answers[text] = seen.answer.status if seen.answer else 0
            if seen.failure:
                self.failures.append(seen.failure)
            if seen.seconds >= PROMPT:
                self.slow.append(seen.seconds)
        return seen.answer


def lives(
    api: ApiClient,
    pair: Programme,
    relationship: str,
    client: int,
    storm: Storm,
    stop: threading.Event,
) -> None:
    """Goals, feedback and meetings held, each with a text of its own, until stopped."""
    path = f"/api/relationships/{relationship}"
    budi, ana = pair.budi.token, pair.ana.token
    meeting = {"scheduled_for": "2031-01-15T10:00:00Z", "duration_minutes": 30, "mode": "video"}

    def send(text: str, url: str, body: dict[str, str], token: str) -> None:
        storm.note(text, timed(lambda: api.post(url, body, token=token)))

    n = 0
    while not stop.is_set():
        n += 1
        mark = f"c{client}-{n}"
        send(f"goal {mark}", f"{path}/goals", {"text": f"goal {mark}"}, budi)
        feedback = {"about": "performance", "content": f"feedback {mark}"}
        send(f"feedback {mark}", f"{path}/feedback", feedback, ana)
        scheduled = timed(lambda: api.post(f"{path}/meetings", meeting, token=ana)).answer
        if scheduled is not None and scheduled.status == 201:
            url = f"{path}/meetings/{scheduled.body['id']}/held"
            send(f"held {mark}", url, {"summary": f"held {mark}"}, budi)


def recorded_texts(api: ApiClient, pair: Programme, relationship: str) -> Counter[str]:
    events = must(api.get(f"/api/relationships/{relationship}/history", token=pair.budi.token))[
        "events"
    ]
    texts: Counter[str] = Counter()
    for event in events:
        for key in ("text", "content", "summary"):
            value = event["data"].get(key)
            if isinstance(value, str) and value.split(" ")[0] in ("goal", "feedback", "held"):
                texts[value] += 1
    return texts


def test_commands_through_a_crash_and_a_freeze_are_recorded_once_and_never_refused_if_recorded(
    api: ApiClient, own_postgres: ThrowawayPostgres
) -> None:
    clients = 8
    pairs = [enrolled_pair(api, f"Storm {i}") for i in range(clients)]
    relationships = [active_relationship(pair) for pair in pairs]
    storm, stop = Storm(), threading.Event()
    threads = [
        threading.Thread(target=lives, args=(api, pairs[i], relationships[i], i, storm, stop))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()

    time.sleep(1.5)
    own_postgres.stop_immediately()
    time.sleep(AWAY)  # longer than a request's budget: some answers are 503
    own_postgres.start_again()
    time.sleep(2)
    with frozen(own_postgres):
        time.sleep(AWAY)
    time.sleep(2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    wait_until_ready(api)

    recorded: Counter[str] = Counter()
    for pair, relationship in zip(pairs, relationships, strict=True):
        recorded += recorded_texts(api, pair, relationship)
    statuses = Counter(storm.answers.values())
    counts = {
        "sent": len(storm.answers),
        "acknowledged": sum(1 for s in storm.answers.values() if 200 <= s < 300),
        "answered 503": statuses[503],
        "no answer": statuses[0],
        "duplicates": sum(n - 1 for n in recorded.values() if n > 1),
        "acknowledged but missing": sum(
            1 for t, s in storm.answers.items() if 200 <= s < 300 and not recorded[t]
        ),
        "refused but recorded": sum(
            1 for t, s in storm.answers.items() if 400 <= s < 500 and recorded[t]
        ),
        "answers over 10 s": len(storm.slow),
        "5xx other than 503": sum(n for s, n in statuses.items() if s >= 500 and s != 503),
    }
    print("store faults:", json.dumps(counts))
    assert counts["acknowledged"] > 50 and counts["answered 503"] > 0
    assert counts["duplicates"] == counts["acknowledged but missing"] == 0
    assert counts["refused but recorded"] == counts["answers over 10 s"] == 0
    assert counts["5xx other than 503"] == counts["no answer"] == 0, storm.failures
