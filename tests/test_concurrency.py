"""50 readers voting at once against the production server: every vote counted exactly."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server import (
    USER_AGENT,
    database_rows,
    own_database,
    production_server,
    request_json,
    request_page,
    segurfaq_env,
    stored_votes,
)

pytestmark = pytest.mark.server

CLIENTS = 50
VOTES_EACH = 200


def _votes_of(client: int, slugs: list[str]) -> list[tuple[str, str]]:
    """Each client goes round the entries; on every second round it changes its mind."""
    votes = []
    for number in range(VOTES_EACH):
        slug = slugs[(number + client) % len(slugs)]
        turn = number // len(slugs)
        votes.append((slug, "yes" if (turn + client) % 2 == 0 else "no"))
    return votes


def test_fifty_readers_casting_and_changing_200_votes_each_are_all_counted(tmp_path):
    with own_database(tmp_path) as database_url:
        env = segurfaq_env(tmp_path, database_url, SEGURFAQ_RATE_LIMITS="off")
        with production_server(env, workers=4) as base:
            status, listing = request_json(base, "GET", "/api/v1/entries?page_size=50")
            assert status == 200
            slugs = [entry["slug"] for entry in listing["results"]]

            def cast_all(client: int) -> list[int]:
                statuses = []
                for slug, value in _votes_of(client, slugs):
                    status, body = request_json(
                        base,
                        "POST",
                        f"/api/v1/entries/{slug}/votes",
                        {"value": value, "visitor": f"lecteur-{client}"},
                    )
                    statuses.append(status)
                    assert body.get("value", value) == value
                return statuses

            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                statuses = [s for result in pool.map(cast_all, range(CLIENTS)) for s in result]

        stored = stored_votes(database_url)
        access_log = (tmp_path / "server.log").read_text()

    expected = Counter()
    for client in range(CLIENTS):
        final = dict(_votes_of(client, slugs))  # the last vote on each entry wins
        expected.update(final.items())
    assert Counter(statuses) == {200: CLIENTS * VOTES_EACH}
    assert stored == expected
    assert sum(stored.values()) == CLIENTS * len(slugs)
    # The access log keeps requests, not who sent them: no address, no user agent.
    assert access_log.count('"POST /api/v1/entries/') == CLIENTS * VOTES_EACH
    assert "127.0.0.1 -" not in access_log
    assert USER_AGENT not in access_log


def test_one_readers_simultaneous_first_votes_and_readings_are_counted_without_error(tmp_path):
    """Two tabs, a double click: the same reader's first votes on an entry arrive together,
    as do the day's first readings of a page. One vote each, every reading counted."""
    with own_database(tmp_path) as database_url:
        env = segurfaq_env(tmp_path, database_url, SEGURFAQ_RATE_LIMITS="off")
        with production_server(env, workers=4) as base:
            _, listing = request_json(base, "GET", "/api/v1/entries?page_size=50")
            slugs = [entry["slug"] for entry in listing["results"]]

            def vote_and_read(client: int) -> list[int]:
                statuses = []
                for slug in slugs:
                    status, _ = request_json(
                        base,
                        "POST",
                        f"/api/v1/entries/{slug}/votes",
                        {"value": "no" if client % 2 else "yes", "visitor": "double-clic"},
                    )
                    statuses.append(status)
                    statuses.append(request_page(base, f"/questions/{slug}/"))
                return statuses

            with ThreadPoolExecutor(max_workers=20) as pool:
                statuses = [s for result in pool.map(vote_and_read, range(20)) for s in result]

        votes_per_entry = database_rows(
            database_url, "SELECT entry_id, COUNT(*) FROM feedback_vote GROUP BY entry_id"
        )
        readings = database_rows(database_url, "SELECT SUM(count) FROM analytics_entryview")

    assert Counter(statuses) == {200: 20 * len(slugs) * 2}
    assert sorted(count for _, count in votes_per_entry) == [1] * len(slugs)
    assert readings == [(20 * len(slugs),)]
