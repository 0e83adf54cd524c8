"""Real server processes on one SQLite file: writers wait for each other instead of failing, and
a rate limit holds across processes because its counts live in the shared cache.

Both run against this run's cache: the database cache by default, Redis when CACHE_URL is set.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from site_support import CSRF_FIELD, Site, Visitor, make_site, running_server, stop

NOTE_WRITERS, NOTES_EACH = 5, 4
REQUESTS, TRACK_ADDITIONS = 3, 3


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    # Enough open requests that the re-link is still writing while every client has posted.
    return make_site(tmp_path_factory.mktemp("site"), extra_requests=400)


def new_request(agency: int, index: int) -> dict[str, str]:
    return {
        "seeker_name": "فاطمه خدابنده",
        "relationship": "child",
        "seeker_phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "sought_name_1": f"محمدرضا خدابنده {index}",
        "sought_sex": "m",
        "sought_birth": "۱۳۴۵",
        "last_contact_place": "تهران",
        "agency": str(agency),
    }


@contextmanager
def relinking(site: Site) -> Iterator[subprocess.Popen[str]]:
    """`peyvand relink` in its own process: a long job writing pairs, audit events, progress."""
    process = subprocess.Popen(
        # Paused between its chunks (committed, outside any transaction): the 400 requests'
        # re-link is still writing when the clients post, however fast this machine is.
        [sys.executable, "-m", "peyvand.cli", "relink", "--pause-after-chunk", "0.4"],
        env=site.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # the first progress line: the re-link is writing now
        yield process
    finally:
        stop(process)


def test_saves_during_a_relink_all_succeed(site: Site) -> None:
    seeded = site.seeded
    with running_server(site) as base, relinking(site) as relink:
        case_page = f"{base}/cases/{seeded['case']}/"

        def write_notes(writer: int) -> list[int]:
            staff = Visitor({"sessionid": seeded["staff_session"]})
            statuses = []
            for number in range(NOTES_EACH):
                statuses.append(
                    staff.post_form(
                        case_page, f"{case_page}notes/", {"text": f"note {writer}-{number}"}
                    )[0]
                )
                saved_while_relinking.append(relink.poll() is None)
            return statuses

        def file_request(index: int) -> list[int]:
            family = Visitor()
            return [
                family.post_form(
                    f"{base}/request/new/",
                    f"{base}/request/new/",
                    new_request(seeded["agency"], index),
                )[0]
            ]

        def add_to_request(index: int) -> list[int]:
            seeker = Visitor()
            sign_in = {"reference_code": seeded["track_code"]}
            sign_in["passphrase"] = seeded["track_passphrase"]
            statuses = [seeker.post_form(f"{base}/t/", f"{base}/t/", sign_in)[0]]
            for number in range(TRACK_ADDITIONS):
                statuses.append(
                    seeker.post_form(
                        f"{base}/t/status/",
                        f"{base}/t/status/add/",
                        {"text": f"addition {index}-{number}"},
                    )[0]
                )
            return statuses

        def watch_progress() -> list[int]:
            # The supervisor's progress page of this site's first re-link, reloaded meanwhile.
            supervisor = Visitor({"sessionid": seeded["supervisor_session"]})
            return [supervisor.request("GET", f"{base}/staff/relink/1/")[0] for _ in range(5)]

        saved_while_relinking: list[bool] = []
        with ThreadPoolExecutor(max_workers=NOTE_WRITERS + REQUESTS + 3) as pool:
            jobs = [pool.submit(watch_progress)]
            jobs += [pool.submit(write_notes, writer) for writer in range(NOTE_WRITERS)]
            jobs += [pool.submit(file_request, index) for index in range(REQUESTS)]
            jobs += [pool.submit(add_to_request, index) for index in range(2)]
            statuses = [status for job in jobs for status in job.result()]
        # Some notes were saved while the re-link was still writing: the test did overlap.
        overlapped = any(saved_while_relinking)
        out, err = relink.communicate(timeout=300)
        page = Visitor({"sessionid": seeded["staff_session"]}).request("GET", case_page)[1]

    assert statuses == [200] * 5 + [302] * (len(statuses) - 5), statuses
    assert relink.returncode == 0, err[-2000:]
    assert "Re-link finished" in out
    assert overlapped
    missing = [
        f"note {writer}-{number}"
        for writer in range(NOTE_WRITERS)
        for number in range(NOTES_EACH)
        if f"note {writer}-{number}" not in page
    ]
    assert missing == []


def test_a_rate_limit_holds_across_two_server_processes(site: Site, tmp_path: Path) -> None:
    # Fresh counters for this test: its own key prefix in the same shared cache.
    fresh = replace(site, env={**site.env, "PEYVAND_CACHE_KEY_PREFIX": f"rl-{uuid.uuid4().hex}"})
    with running_server(fresh) as first, running_server(fresh) as second:
        family = Visitor()
        statuses, sent_back = [], []
        # The request form accepts 20 requests an hour per address (forms sent back for
        # correction do not count); posts alternate between the two processes, and the 21st
        # accepted one is refused wherever it lands.
        for attempt in range(22):
            base = (first, second)[attempt % 2]
            status, page = family.post_form(f"{base}/request/new/", f"{base}/request/new/", {})
            sent_back.append(status)
            status, page = family.post_form(
                f"{base}/request/new/",
                f"{base}/request/new/",
                new_request(fresh.seeded["agency"], 1000 + attempt),
            )
            statuses.append(status)
    assert statuses == [302] * 20 + [429, 429]
    # Empty forms are sent back for correction (400) until the limit is reached, then refused.
    assert sent_back == [400] * 20 + [429, 429]
    assert "Too many attempts" in page


def test_simultaneous_posts_are_each_counted_once(site: Site) -> None:
    # Posts arriving at once on two processes: the count is one atomic increment each, so
    # exactly the limit gets through, whatever the interleaving.
    fresh = replace(site, env={**site.env, "PEYVAND_CACHE_KEY_PREFIX": f"rl-{uuid.uuid4().hex}"})
    with running_server(fresh) as first, running_server(fresh) as second:
        families = []
        for index in range(30):
            base = (first, second)[index % 2]
            family = Visitor()
            page = family.request("GET", f"{base}/request/new/")[1]
            token = CSRF_FIELD.search(page)
            assert token is not None
            request = new_request(fresh.seeded["agency"], 2000 + index)
            families.append((family, f"{base}/request/new/", token.group(1), request))
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(
                pool.map(
                    lambda f: f[0].request("POST", f[1], {**f[3], "csrfmiddlewaretoken": f[2]})[0],
                    families,
                )
            )
    assert sorted(statuses) == [302] * 20 + [429] * 10


def test_a_form_the_busy_database_refused_keeps_what_was_typed(site: Site) -> None:
    # Another process holds the write lock longer than this server waits (one second).
    busy = replace(
        site,
        env={
            **site.env,
            "PEYVAND_SQLITE_BUSY_SECONDS": "1",
            "PEYVAND_CACHE_KEY_PREFIX": f"busy-{uuid.uuid4().hex}",
        },
    )
    with running_server(busy) as base:
        family = Visitor()
        token = CSRF_FIELD.search(family.request("GET", f"{base}/request/new/")[1])
        assert token is not None
        typed = {
            **new_request(site.seeded["agency"], 99),
            "circumstances": "از مرز گذشت و دیگر خبری نشد.",
            "csrfmiddlewaretoken": token.group(1),
        }
        other_writer = sqlite3.connect(site.logs / "site.sqlite3", timeout=10)
        other_writer.execute("BEGIN IMMEDIATE")
        try:
            status, page = family.request("POST", f"{base}/request/new/", typed)
        finally:
            other_writer.rollback()
            other_writer.close()
        again = family.request("POST", f"{base}/request/new/", typed)[0]
    assert status == 503
    assert "Nothing you typed is lost" in page
    assert "از مرز گذشت و دیگر خبری نشد." in page and "محمدرضا خدابنده 99" in page
    assert again == 302  # the writer is gone: the same form, sent again, is saved


def test_a_form_keeps_what_was_typed_when_the_shared_cache_is_down(site: Site) -> None:
    # Nothing listens on port 1: the rate limit cannot be counted, so nothing is saved, and the
    # family sees its form again instead of an error page.
    down = replace(site, env={**site.env, "CACHE_URL": "redis://127.0.0.1:1/0"})
    with running_server(down) as base:
        typed = {**new_request(site.seeded["agency"], 77), "circumstances": "در جاده گم شد."}
        status, page = Visitor().post_form(f"{base}/request/new/", f"{base}/request/new/", typed)
    assert status == 503
    assert "Nothing you typed is lost" in page
    assert "در جاده گم شد." in page and "محمدرضا خدابنده 77" in page
