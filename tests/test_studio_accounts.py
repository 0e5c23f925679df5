"""The studio's account store: users and passwords, regions per user, four-eyes proposals, the audit log, the
session secret — in one private SQLite file.

scrypt takes a few tenths of a second a hash, so the users are made once (`template`) and each test works on a
copy of that file.
"""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kaartgen.studio.accounts import LOCKOUT, MAX_FAILURES, AccountError, Accounts, LockedOut, User, may_edit

PASSWORDS = {"alice": "alice-correct-horse-1", "bob": "bob-battery-staple-2", "carol": "carol-otherland-3",
             "dora": "dora-the-admin-pass-4"}
SHA_A = "a" * 64
SHA_B = "b" * 64
OLD_TEXT = "region:\n  name: Testland\ncontacts:\n  zorgcoordinator:\n    - phone: 0800-0000\n"
NEW_TEXT = OLD_TEXT.replace("0800-0000", "0800-0001")
PHONE_CHANGE = [("zorgcoordinator.phone", "0800-0000", "0800-0001")]


def clock(start: datetime = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)) -> Callable[[], datetime]:
    """A clock that moves one minute each time it is read."""
    ticks = iter(range(10**6))
    return lambda: start + timedelta(minutes=next(ticks))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("accounts") / "accounts.sqlite"
    accounts = Accounts(path, now=clock())
    accounts.add_user("alice", PASSWORDS["alice"], ["testland"])
    accounts.add_user("bob", PASSWORDS["bob"], ["testland", "otherland"])
    accounts.add_user("carol", PASSWORDS["carol"], ["otherland"])
    accounts.add_user("dora", PASSWORDS["dora"], [], admin=True, by="alice")
    return path


@pytest.fixture
def accounts(template: Path, tmp_path: Path) -> Accounts:
    path = tmp_path / "accounts.sqlite"
    shutil.copyfile(template, path)
    return Accounts(path, now=clock(datetime(2026, 2, 1, 12, 0, tzinfo=UTC)))


def named(accounts: Accounts, name: str) -> User:
    found = accounts.user(name)
    assert found is not None
    return found


def test_users_are_listed_with_their_regions(accounts: Accounts) -> None:
    assert accounts.users() == [User("alice", ("testland",), False), User("bob", ("otherland", "testland"), False),
                                User("carol", ("otherland",), False), User("dora", (), True)]
    assert accounts.user("nobody") is None
    assert accounts.user("../etc") is None


def test_authenticate_right_and_wrong_password_and_unknown_user(accounts: Accounts) -> None:
    assert accounts.authenticate("alice", PASSWORDS["alice"]) == User("alice", ("testland",), False)
    assert accounts.authenticate("alice", PASSWORDS["bob"]) is None
    assert accounts.authenticate("mallory", PASSWORDS["alice"]) is None
    assert accounts.authenticate("", "") is None  # no hash is looked up, the dummy check still runs


class StoppedClock:
    """A clock that stands still until moved."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def move(self, delta: timedelta) -> None:
        self.moment += delta


@pytest.fixture
def stopped(template: Path, tmp_path: Path) -> tuple[Accounts, StoppedClock]:
    path = tmp_path / "accounts.sqlite"
    shutil.copyfile(template, path)
    time = StoppedClock()
    return Accounts(path, now=time), time


def test_five_failures_lock_the_name_out_for_fifteen_minutes_even_with_the_right_password(stopped) -> None:
    accounts, time = stopped
    for attempt in range(MAX_FAILURES):
        assert accounts.authenticate("alice", f"guess number {attempt}", client=f"10.0.0.{attempt}") is None
        time.move(timedelta(minutes=1))
    with pytest.raises(LockedOut) as locked:  # from a fresh address, with the right password: still refused
        accounts.authenticate("alice", PASSWORDS["alice"], client="10.0.0.99")
    assert locked.value.until == datetime(2026, 3, 1, 8, 15, tzinfo=UTC)  # the first failure + 15 minutes
    assert locked.value.minutes == 10
    assert accounts.authenticate("bob", PASSWORDS["bob"], client="10.0.0.99") is not None  # others log in
    time.move(LOCKOUT - timedelta(minutes=5))  # 8:15: the first failure no longer counts
    assert accounts.authenticate("alice", PASSWORDS["alice"], client="10.0.0.99") is not None
    events = [(e.event, e.user, e.note) for e in reversed(accounts.audit_log())]
    assert events[-MAX_FAILURES - 3:] == [
        *[("login failed", "alice", f"from 10.0.0.{n}") for n in range(MAX_FAILURES - 1)],
        ("login failed", "alice", "from 10.0.0.4"), ("locked out", "alice", "from 10.0.0.4"),
        ("logged in", "bob", "from 10.0.0.99"), ("logged in", "alice", "from 10.0.0.99")]


def test_a_success_clears_the_names_failures(stopped) -> None:
    accounts, _time = stopped
    for _ in range(MAX_FAILURES - 1):
        assert accounts.authenticate("alice", "not the password", client="10.0.0.1") is None
    assert accounts.authenticate("alice", PASSWORDS["alice"], client="10.0.0.1") is not None
    assert accounts.authenticate("alice", "not the password", client="10.0.0.2") is None
    assert accounts.authenticate("alice", PASSWORDS["alice"], client="10.0.0.2") is not None  # 1 failure counted


def test_one_address_trying_many_names_is_locked_out(stopped) -> None:
    accounts, time = stopped
    for name in ["alice", "bob", "carol", "nobody", "x"]:
        assert accounts.authenticate(name, "a wrong password", client="192.0.2.7") is None
    with pytest.raises(LockedOut):
        accounts.authenticate("dora", PASSWORDS["dora"], client="192.0.2.7")
    assert accounts.authenticate("dora", PASSWORDS["dora"], client="192.0.2.8") is not None
    time.move(LOCKOUT)
    assert accounts.authenticate("dora", PASSWORDS["dora"], client="192.0.2.7") is not None


def test_unknown_names_are_not_written_to_the_audit_log(stopped) -> None:
    accounts, _time = stopped
    assert accounts.authenticate("hunter2hunter2", "alice", client="192.0.2.7") is None  # a password in the name box
    entry = accounts.audit_log()[0]
    assert (entry.event, entry.user, entry.note) == ("login failed", "?", "unknown name, from 192.0.2.7")
    assert not any("hunter2" in e.user + e.note for e in accounts.audit_log())


def test_a_version_1_store_gains_the_lockout_table(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
                   " admin INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL)")
        db.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,"
                   " event TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '[]',"
                   " note TEXT NOT NULL DEFAULT '')")
        db.execute("PRAGMA user_version = 1")
    db.close()
    accounts = Accounts(path, now=StoppedClock())
    assert accounts.authenticate("alice", "no such user here", client="10.0.0.1") is None
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM login_failures").fetchone()[0] == 1
    db.close()


@pytest.mark.parametrize(("name", "password", "regions", "message"), [
    ("alice", "a-long-enough-password", ["testland"], "already a user named 'alice'"),
    ("erik", "short-pass", ["testland"], "at least 12 characters"),
    ("erik", "", ["testland"], "at least 12 characters"),
    ("erik", " " * 20, ["testland"], "only spaces"),
    ("Erik", "a-long-enough-password", ["testland"], "not a valid user name"),
    ("../erik", "a-long-enough-password", ["testland"], "not a valid user name"),
    ("erik\n", "a-long-enough-password", ["testland"], "not a valid user name"),
    ("", "a-long-enough-password", ["testland"], "not a valid user name"),
    ("e" * 41, "a-long-enough-password", ["testland"], "not a valid user name"),
    ("erik", "a-long-enough-password", "testland", "not the single text"),
    ("erik", "a-long-enough-password", ["Test Land"], "not a region name"),
])
def test_add_user_refusals(accounts: Accounts, name: str, password: str, regions: list[str], message: str) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.add_user(name, password, regions)
    assert [u.name for u in accounts.users()] == ["alice", "bob", "carol", "dora"]


def test_unknown_users_cannot_be_changed(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="no user named 'nobody'"):
        accounts.remove_user("nobody")
    with pytest.raises(AccountError, match="no user named 'nobody'"):
        accounts.set_regions("nobody", ["testland"])
    with pytest.raises(AccountError, match="no user named 'nobody'"):
        accounts.set_password("nobody", "a-long-enough-password")


def test_may_edit_by_region_star_and_admin() -> None:
    alice = User("alice", ("testland",))
    assert may_edit(alice, "testland")
    assert not may_edit(alice, "otherland")
    assert may_edit(User("star", ("*",)), "otherland")
    assert may_edit(User("dora", (), admin=True), "otherland")
    assert not may_edit(User("nobody", ()), "testland")
    assert not may_edit(None, "testland")
    assert Accounts.may_edit(alice, "testland")


def test_set_regions_and_remove_user(accounts: Accounts) -> None:
    assert accounts.set_regions("carol", ["testland", "*", "testland"]) == User("carol", ("*", "testland"))
    assert may_edit(named(accounts, "carol"), "anywhere")
    accounts.remove_user("carol")
    assert accounts.user("carol") is None
    with sqlite3.connect(accounts.path) as db:  # the regions went with the user (a foreign key, cascading)
        assert db.execute("SELECT count(*) FROM user_regions WHERE user = 'carol'").fetchone()[0] == 0
    db.close()


def test_propose_by_a_user_without_the_region_is_refused(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="carol may not edit the region testland"):
        accounts.propose(named(accounts, "carol"), "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    assert accounts.pending() == []


def test_a_proposal_needs_a_second_person_who_may_edit_the_region(accounts: Accounts) -> None:
    alice, bob, carol = named(accounts, "alice"), named(accounts, "bob"), named(accounts, "carol")
    made = accounts.propose(alice, "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    assert (made.region, made.proposer, made.state, made.base_sha256, made.new_text) == (
        "testland", "alice", "pending", SHA_A, NEW_TEXT)
    assert made.changes == (("zorgcoordinator.phone", "0800-0000", "0800-0001"),)
    assert made.created == "2026-02-01T12:00:00+00:00"
    assert accounts.pending() == accounts.pending("testland") == [made]
    assert accounts.pending("otherland") == []
    assert accounts.proposal(made.id) == made

    with pytest.raises(AccountError, match="a second person must approve"):
        accounts.approve(made.id, alice)
    with pytest.raises(AccountError, match="carol may not edit the region testland"):
        accounts.approve(made.id, carol)
    assert accounts.proposal(made.id) == made  # still pending

    approved = accounts.approve(made.id, bob)
    assert (approved.state, approved.decided_by, approved.decided_at) == ("approved", "bob",
                                                                          "2026-02-01T12:01:00+00:00")
    assert accounts.pending() == []
    with pytest.raises(AccountError, match="is approved, no longer pending"):
        accounts.approve(made.id, named(accounts, "dora"))
    with pytest.raises(AccountError, match="no proposal #999"):
        accounts.approve(999, bob)


def test_an_admin_approves_and_rights_are_read_at_the_time_of_the_decision(accounts: Accounts) -> None:
    alice, bob = named(accounts, "alice"), named(accounts, "bob")
    made = accounts.propose(alice, "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    accounts.set_regions("bob", ["otherland"])
    with pytest.raises(AccountError, match="bob may not edit"):
        accounts.approve(made.id, bob)  # the User from bob's login still says testland
    accounts.remove_user("bob")
    with pytest.raises(AccountError, match="no longer exists"):
        accounts.approve(made.id, bob)
    assert accounts.approve(made.id, named(accounts, "dora")).state == "approved"


def test_a_newer_proposal_supersedes_the_pending_one(accounts: Accounts) -> None:
    alice, bob = named(accounts, "alice"), named(accounts, "bob")
    first = accounts.propose(alice, "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    other = accounts.propose(bob, "otherland", SHA_A, "region: {}\n", [])
    second = accounts.propose(bob, "testland", SHA_A, NEW_TEXT + "# again\n", PHONE_CHANGE)
    old = accounts.proposal(first.id)
    assert old is not None
    assert (old.state, old.decided_by, old.reason) == ("superseded", "bob", f"superseded by proposal #{second.id}")
    assert accounts.pending() == [other, second]
    with pytest.raises(AccountError, match="is superseded"):
        accounts.approve(first.id, bob)
    superseded = [e for e in accounts.audit_log("testland") if e.event == "superseded"]
    assert len(superseded) == 1
    assert superseded[0].user == "bob"
    assert f"proposal #{first.id} by alice" in superseded[0].note


def test_reject_with_a_reason_and_the_proposer_may_withdraw(accounts: Accounts) -> None:
    alice, bob, carol = named(accounts, "alice"), named(accounts, "bob"), named(accounts, "carol")
    made = accounts.propose(alice, "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    with pytest.raises(AccountError, match="carol may not edit"):
        accounts.reject(made.id, carol, "not mine")
    rejected = accounts.reject(made.id, bob, "the number is not in use")
    assert (rejected.state, rejected.decided_by, rejected.reason) == ("rejected", "bob", "the number is not in use")
    with pytest.raises(AccountError, match="is rejected"):
        accounts.reject(made.id, bob)

    again = accounts.propose(alice, "testland", SHA_B, NEW_TEXT, PHONE_CHANGE)
    assert accounts.reject(again.id, alice).state == "rejected"
    assert accounts.pending() == []


def test_proposal_arguments_are_checked(accounts: Accounts) -> None:
    alice = named(accounts, "alice")
    with pytest.raises(AccountError, match="not a region name"):
        accounts.propose(alice, "../testland", SHA_A, NEW_TEXT, [])
    with pytest.raises(AccountError, match="sha256"):
        accounts.propose(alice, "testland", "abc", NEW_TEXT, [])
    with pytest.raises(AccountError, match=r"\(key, old, new\)"):
        accounts.propose(alice, "testland", SHA_A, NEW_TEXT, [("phone", "0800-0000")])  # type: ignore[list-item]


def test_audit_log_records_every_change_without_passwords(accounts: Accounts) -> None:
    alice, bob = named(accounts, "alice"), named(accounts, "bob")
    accounts.set_password("carol", "carol-has-a-new-pass-5", by="dora")
    accounts.set_regions("carol", ["testland"], by="dora")
    made = accounts.propose(alice, "testland", SHA_A, NEW_TEXT, PHONE_CHANGE)
    accounts.approve(made.id, bob)
    accounts.audit("signed off", "bob", "testland", [("verified", "", "2026-02-01, Bob")], note="by phone")

    log = accounts.audit_log()
    assert [e.event for e in log] == ["signed off", "approved", "proposed", "regions changed", "password changed",
                                      "user added", "user added", "user added", "user added"]
    assert [e.id for e in log] == sorted((e.id for e in log), reverse=True)
    signed, approved, proposed, regions, password, dora = log[:6]
    assert (signed.user, signed.region, signed.changes, signed.note) == (
        "bob", "testland", (("verified", "", "2026-02-01, Bob"),), "by phone")
    assert (approved.user, approved.changes, approved.note) == ("bob", tuple(PHONE_CHANGE),
                                                                f"proposal #{made.id} by alice")
    assert (proposed.user, proposed.region, proposed.changes) == ("alice", "testland", tuple(PHONE_CHANGE))
    assert (regions.user, regions.region, regions.changes, regions.note) == (
        "carol", "", (("regions", "otherland", "testland"),), "by dora")
    assert (password.user, password.changes, password.note) == ("carol", (), "by dora")
    assert (dora.user, dora.changes, dora.note) == ("dora", (("regions", "", ""), ("admin", "", "yes")), "by alice")
    assert (proposed.at, approved.at, signed.at) == ("2026-02-01T12:02:00+00:00", "2026-02-01T12:03:00+00:00",
                                                     "2026-02-01T12:04:00+00:00")  # one clock reading a change
    assert [e.event for e in accounts.audit_log("testland")] == ["signed off", "approved", "proposed"]
    assert len(accounts.audit_log(limit=2)) == 2

    assert accounts.authenticate("carol", "carol-has-a-new-pass-5") is not None
    data = accounts.path.read_bytes()
    for password_text in [*PASSWORDS.values(), "carol-has-a-new-pass-5"]:
        assert password_text.encode() not in data
    with sqlite3.connect(accounts.path) as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit")
    db.close()


def test_files_are_private_and_the_schema_is_versioned(tmp_path: Path) -> None:
    path = Accounts.default_path(tmp_path)
    assert path == tmp_path / ".kaartgen-studio" / "accounts.sqlite"
    accounts = Accounts(path)
    accounts.secret_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(AccountError, match="newer kaartgen"):
        Accounts(path)


def test_the_secret_key_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    key = Accounts(path).secret_key()
    assert len(key) == 32
    assert Accounts(path).secret_key() == key
    assert Accounts(tmp_path / "other.sqlite").secret_key() != key


def test_the_clock_must_say_its_time_zone(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "accounts.sqlite", now=lambda: datetime(2026, 1, 1, 9, 0))
    with pytest.raises(ValueError, match="aware datetime"):
        accounts.audit("signed off", "alice", "testland")


def test_one_pending_proposal_per_region_from_several_threads(accounts: Accounts) -> None:
    alice, bob = named(accounts, "alice"), named(accounts, "bob")
    errors: list[BaseException] = []

    def propose(user: User, n: int) -> None:
        try:
            accounts.propose(user, "testland", SHA_A, f"{NEW_TEXT}# {n}\n", PHONE_CHANGE)
        except BaseException as error:  # noqa: BLE001 -- reported below
            errors.append(error)

    threads = [threading.Thread(target=propose, args=(alice if n % 2 else bob, n)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(accounts.pending("testland")) == 1
    assert sum(e.event == "superseded" for e in accounts.audit_log("testland")) == 7
