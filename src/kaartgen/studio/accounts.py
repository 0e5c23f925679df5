"""Accounts of a shared studio server: names, passwords and regions in → who may log in, who may edit which region,
changes of contact data that a second person approves, and an audit log of all of it out — in one SQLite file.

The file (`Accounts.default_path`: ``<workspace>/.kaartgen-studio/accounts.sqlite``, folder 0o700, file 0o600) has
six tables, versioned by ``PRAGMA user_version`` (a version 1 file gains the login_failures table when opened):

    settings       key → value; the session secret (`secret_key`), made once so sessions survive a restart
    users          name, scrypt hash of the password (werkzeug), admin flag
    user_regions   the regions a user may edit; ``*`` is every region (an admin may edit every region anyway)
    proposals      a pending change of one region file: the sha256 of the file it was made against, the complete
                   new text, the (key, old, new) of each changed value; its state and who decided it
    audit          append-only (triggers refuse UPDATE and DELETE): when, who, what, which region, the changes
    login_failures when a login failed, for which name and from which client address (kept for the lock-out
                   window only)

The four-eyes rule: in shared mode a save is a proposal (`propose`), and only a second person who may edit the
region approves it (`approve`); the proposer may not. There is one pending proposal per region (a partial unique
index): a newer one, by anyone, supersedes the older. Approving only marks the proposal approved — the caller
writes the file, after checking that it still has the proposal's base_sha256, so nothing unapproved and nothing
made against an older file is ever printed.

The audit log: every method that changes something appends its entry in the same transaction as the change —
``user added``, ``user removed``, ``password changed``, ``regions changed`` (`user` is the account concerned,
the note says who did it when known), ``proposed``, ``superseded``, ``approved``, ``rejected`` (`user` is who
acted); callers add their own (`audit`). Changes are stored as JSON; passwords and hashes never are.

Guessing passwords: `authenticate` refuses — before it looks at the password — a name or a client address
with `MAX_FAILURES` failed logins in the last `LOCKOUT` (raising `LockedOut`, which says until when). Each
failure is counted for the name and for the address, so neither many names from one address nor one name from
many addresses gets more tries. A successful login clears the name's failures. The audit log has
``logged in``, ``login failed`` and ``locked out`` (the note says from which address); the count lives in
SQLite, so a restart of the server does not reset it.

Each call opens its own connection and runs in one transaction (``BEGIN IMMEDIATE`` for changes), so one
`Accounts` serves several threads, and the command line may change users while the server runs. Times come from an
injectable clock (`now`) as ISO 8601 UTC strings.
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from ..load.names import REGION_NAME

SCHEMA_VERSION = 2
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
SHA256 = re.compile(r"[0-9a-f]{64}")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # scrypt takes any length; this keeps a pasted file from becoming a password
ALL_REGIONS = "*"
HASH_METHOD = "scrypt"
PENDING, APPROVED, REJECTED, SUPERSEDED = "pending", "approved", "rejected", "superseded"

SCHEMA = (
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
    " admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)), created TEXT NOT NULL)",
    "CREATE TABLE user_regions (user TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,"
    " region TEXT NOT NULL, PRIMARY KEY (user, region))",
    # proposer and decided_by are names, not foreign keys: the history stays when a user is removed
    "CREATE TABLE proposals (id INTEGER PRIMARY KEY AUTOINCREMENT, region TEXT NOT NULL, proposer TEXT NOT NULL,"
    " created TEXT NOT NULL, base_sha256 TEXT NOT NULL, new_text TEXT NOT NULL, changes TEXT NOT NULL,"
    f" state TEXT NOT NULL CHECK (state IN ('{PENDING}', '{APPROVED}', '{REJECTED}', '{SUPERSEDED}')),"
    " decided_by TEXT, decided_at TEXT, reason TEXT NOT NULL DEFAULT '')",
    f"CREATE UNIQUE INDEX proposals_one_pending ON proposals (region) WHERE state = '{PENDING}'",
    "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,"
    " event TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '[]',"
    " note TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX audit_by_region ON audit (region, id)",
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)
SCHEMA_2 = (  # what version 2 adds to version 1
    "CREATE TABLE login_failures (at TEXT NOT NULL, name TEXT NOT NULL, client TEXT NOT NULL)",
    "CREATE INDEX login_failures_at ON login_failures (at)",
)

Change = tuple[str, str, str]


class AccountError(Exception):
    """A refused account operation; the message says why, in plain English, fit to show the user."""


class LockedOut(Exception):
    """Too many failed logins for a name or from an address: no login until `until` (aware, UTC), which is
    `minutes` (rounded up) from now."""

    def __init__(self, until: datetime, now: datetime) -> None:
        super().__init__(f"too many failed logins; try again after {_stamp_of(until)}")
        self.until = until
        self.minutes = max(1, -(-int((until - now).total_seconds()) // 60))


@dataclass(frozen=True)
class User:
    name: str
    regions: tuple[str, ...]
    admin: bool = False


@dataclass(frozen=True)
class Proposal:
    id: int
    region: str
    proposer: str
    created: str
    base_sha256: str
    new_text: str
    changes: tuple[Change, ...]
    state: str
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str = ""  # why it was rejected, or which proposal superseded it


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str
    event: str
    region: str
    changes: tuple[Change, ...]
    note: str


def may_edit(user: User | None, region: str) -> bool:
    """Whether `user` may change `region`: an admin, ``*`` among the user's regions, or the region itself."""
    if user is None:
        return False
    return user.admin or ALL_REGIONS in user.regions or region in user.regions


def utc_now() -> datetime:
    return datetime.now(UTC)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check unknown names against, so that a wrong name takes as long as a wrong password."""
    return generate_password_hash(secrets.token_urlsafe(16), method=HASH_METHOD)


class Accounts:
    """The account store in one SQLite file; see the module's docstring."""

    may_edit = staticmethod(may_edit)

    def __init__(self, path: Path, now: Callable[[], datetime] = utc_now) -> None:
        self.path = Path(path)
        self._now = now
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)
        with suppress(FileExistsError):  # made private before SQLite writes to it (its journal copies the mode)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        with self._transaction(write=True) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                for statement in SCHEMA + SCHEMA_2:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version == 1:
                for statement in SCHEMA_2:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version > SCHEMA_VERSION:
                raise AccountError(f"{self.path} was made by a newer kaartgen (schema {version}, this one knows "
                                   f"up to {SCHEMA_VERSION}); update kaartgen")

    @staticmethod
    def default_path(workspace: Path) -> Path:
        return Path(workspace) / ".kaartgen-studio" / "accounts.sqlite"

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One connection, one transaction: committed when the block ends, rolled back when it raises."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA secure_delete = ON")  # a removed hash or proposal is overwritten, not left behind
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def _aware_now(self) -> datetime:
        moment = self._now()
        if moment.tzinfo is None:
            raise ValueError("the clock of Accounts must return an aware datetime (tzinfo set)")
        return moment

    def _stamp(self) -> str:
        return _stamp_of(self._aware_now())

    def _audit(self, db: sqlite3.Connection, event: str, user: str, region: str = "",
               changes: Iterable[Change] = (), note: str = "", at: str | None = None) -> None:
        if not isinstance(event, str) or not event.strip():
            raise AccountError("an audit entry needs an event")
        db.execute("INSERT INTO audit (at, user, event, region, changes, note) VALUES (?, ?, ?, ?, ?, ?)",
                   (at or self._stamp(), str(user), event, str(region), _dump_changes(_changes(changes)), str(note)))

    @staticmethod
    def _load_user(db: sqlite3.Connection, name: str) -> User | None:
        if not isinstance(name, str) or not USER_NAME.fullmatch(name):
            return None
        row = db.execute("SELECT admin FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        regions = db.execute("SELECT region FROM user_regions WHERE user = ? ORDER BY region", (name,)).fetchall()
        return User(name, tuple(r[0] for r in regions), bool(row[0]))

    def _existing(self, db: sqlite3.Connection, name: str) -> User:
        found = self._load_user(db, name)
        if found is None:
            raise AccountError(f"there is no user named {name!r}")
        return found

    def _acting(self, db: sqlite3.Connection, user: User) -> User:
        """`user` as the store has it now: rights removed since a login count at once."""
        if not isinstance(user, User):
            raise AccountError("log in first")
        found = self._load_user(db, user.name)
        if found is None:
            raise AccountError(f"the user {user.name!r} no longer exists")
        return found

    @staticmethod
    def _load_proposal(db: sqlite3.Connection, proposal_id: int) -> Proposal | None:
        row = db.execute("SELECT id, region, proposer, created, base_sha256, new_text, changes, state, decided_by,"
                         " decided_at, reason FROM proposals WHERE id = ?", (proposal_id,)).fetchone()
        return None if row is None else _proposal(row)

    # ------------------------------------------------------------------ users

    def add_user(self, name: str, password: str, regions: Iterable[str], *, admin: bool = False,
                 by: str = "") -> User:
        """A new user; refused for a taken or malformed name or a short password. `by`: who added it (audit)."""
        if not isinstance(name, str) or not USER_NAME.fullmatch(name):
            raise AccountError(f"{name!r} is not a valid user name: 1 to 40 of a-z, 0-9, '.', '_' and '-', "
                               "starting with a letter or digit")
        wanted = _regions(regions)
        _check_password(password)
        if self.user(name) is not None:  # before the slow hash; the insert below checks again
            raise AccountError(f"there is already a user named {name!r}")
        hashed = generate_password_hash(password, method=HASH_METHOD)
        with self._transaction(write=True) as db:
            try:
                db.execute("INSERT INTO users (name, password_hash, admin, created) VALUES (?, ?, ?, ?)",
                           (name, hashed, int(bool(admin)), self._stamp()))
            except sqlite3.IntegrityError:
                raise AccountError(f"there is already a user named {name!r}") from None
            db.executemany("INSERT INTO user_regions (user, region) VALUES (?, ?)", [(name, r) for r in wanted])
            self._audit(db, "user added", name, "", [("regions", "", _shown(wanted)),
                                                       ("admin", "", "yes" if admin else "no")], _by(by))
        return User(name, wanted, bool(admin))

    def remove_user(self, name: str, *, by: str = "") -> None:
        with self._transaction(write=True) as db:
            old = self._existing(db, name)
            db.execute("DELETE FROM users WHERE name = ?", (name,))
            self._audit(db, "user removed", name, "", [("regions", _shown(old.regions), "")], _by(by))

    def set_password(self, name: str, password: str, *, by: str = "") -> None:
        _check_password(password)
        if self.user(name) is None:
            raise AccountError(f"there is no user named {name!r}")
        hashed = generate_password_hash(password, method=HASH_METHOD)
        with self._transaction(write=True) as db:
            self._existing(db, name)
            db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name))
            self._audit(db, "password changed", name, "", (), _by(by))

    def set_regions(self, name: str, regions: Iterable[str], *, by: str = "") -> User:
        wanted = _regions(regions)
        with self._transaction(write=True) as db:
            old = self._existing(db, name)
            db.execute("DELETE FROM user_regions WHERE user = ?", (name,))
            db.executemany("INSERT INTO user_regions (user, region) VALUES (?, ?)", [(name, r) for r in wanted])
            self._audit(db, "regions changed", name, "", [("regions", _shown(old.regions), _shown(wanted))],
                        _by(by))
        return User(name, wanted, old.admin)

    def users(self) -> list[User]:
        with self._transaction() as db:
            names = [row[0] for row in db.execute("SELECT name FROM users ORDER BY name")]
            return [u for u in (self._load_user(db, n) for n in names) if u is not None]

    def user(self, name: str) -> User | None:
        with self._transaction() as db:
            return self._load_user(db, name)

    def authenticate(self, name: str, password: str, client: str = "") -> User | None:
        """The user when `password` is theirs, else None — as slowly for an unknown name as for a wrong password.
        `client`: the address the attempt comes from. Raises `LockedOut` when the name or the address has had
        `MAX_FAILURES` failures within `LOCKOUT`; the password is then not even checked."""
        name = name if isinstance(name, str) and USER_NAME.fullmatch(name) else ""
        client = str(client)[:64]
        password = password if isinstance(password, str) else ""
        self._refuse_if_locked(name, client)
        stored: str | None = None
        if name:
            with self._transaction() as db:
                row = db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
                stored = None if row is None else row[0]
        if stored is None:
            check_password_hash(_dummy_hash(), password)
        elif check_password_hash(stored, password):
            with self._transaction(write=True) as db:
                db.execute("DELETE FROM login_failures WHERE name = ?", (name,))
                self._audit(db, "logged in", name, note=_from(client))
            return self.user(name)
        self._count_failure(name, client, known=stored is not None)
        return None

    @staticmethod
    def _failures(db: sqlite3.Connection, column: str, value: str, since: str) -> list[str]:
        """The times (oldest first) of the failures since `since` of one name or one client address."""
        if not value:
            return []
        query = f"SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at"  # noqa: S608 - our column
        return [row[0] for row in db.execute(query, (value, since))]

    def _refuse_if_locked(self, name: str, client: str) -> None:
        """Raises `LockedOut` while the name or the address has `MAX_FAILURES` failures within `LOCKOUT`: until
        enough of them are older than that."""
        moment = self._aware_now()
        since = _stamp_of(moment - LOCKOUT)
        with self._transaction() as db:
            counted = [self._failures(db, "name", name, since), self._failures(db, "client", client, since)]
        unlocks = [datetime.fromisoformat(times[len(times) - MAX_FAILURES]) + LOCKOUT
                   for times in counted if len(times) >= MAX_FAILURES]
        if unlocks:
            raise LockedOut(max(unlocks), moment)

    def _count_failure(self, name: str, client: str, known: bool) -> None:
        """Counts a failure; the audit names the account only when it exists (what was typed as a name might be
        a password)."""
        moment = self._aware_now()
        at, since = _stamp_of(moment), _stamp_of(moment - LOCKOUT)
        who, note = (name, _from(client)) if known else ("?", _join("unknown name", _from(client)))
        with self._transaction(write=True) as db:
            db.execute("DELETE FROM login_failures WHERE at <= ?", (since,))
            db.execute("INSERT INTO login_failures (at, name, client) VALUES (?, ?, ?)", (at, name, client))
            self._audit(db, "login failed", who, note=note, at=at)
            if MAX_FAILURES in (len(self._failures(db, "name", name, since)),
                                len(self._failures(db, "client", client, since))):
                self._audit(db, "locked out", who, note=note, at=at)

    # ------------------------------------------------------------------ the session secret

    def secret_key(self) -> bytes:
        """The secret that signs the studio's session cookies: made once, then the same on every start."""
        with self._transaction(write=True) as db:
            db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('secret_key', ?)",
                       (secrets.token_bytes(32),))
            value = db.execute("SELECT value FROM settings WHERE key = 'secret_key'").fetchone()[0]
        return bytes(value)

    # ------------------------------------------------------------------ four eyes

    def propose(self, user: User, region: str, base_sha256: str, new_text: str,
                changes: list[tuple[str, str, str]]) -> Proposal:
        """A pending change of `region`'s file, made against the file whose bytes hash to `base_sha256`; it
        supersedes the region's pending proposal, if any."""
        if not isinstance(region, str) or not REGION_NAME.fullmatch(region):
            raise AccountError(f"{region!r} is not a region name")
        if not isinstance(base_sha256, str) or not SHA256.fullmatch(base_sha256):
            raise AccountError("base_sha256 must be the 64 lower-case hex digits of a sha256")
        if not isinstance(new_text, str):
            raise AccountError("a proposal's new text must be text")
        listed = _changes(changes)
        with self._transaction(write=True) as db:
            actor = self._acting(db, user)
            if not may_edit(actor, region):
                raise AccountError(f"{actor.name} may not edit the region {region}")
            stamp = self._stamp()
            older = db.execute("SELECT id, proposer, changes FROM proposals WHERE region = ? AND state = ?",
                               (region, PENDING)).fetchone()
            if older is not None:
                db.execute("UPDATE proposals SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                           (SUPERSEDED, actor.name, stamp, older[0]))
            cursor = db.execute(
                "INSERT INTO proposals (region, proposer, created, base_sha256, new_text, changes, state)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (region, actor.name, stamp, base_sha256, new_text, _dump_changes(listed), PENDING))
            new_id = cursor.lastrowid
            assert new_id is not None
            if older is not None:
                db.execute("UPDATE proposals SET reason = ? WHERE id = ?", (f"superseded by proposal #{new_id}",
                                                                              older[0]))
                self._audit(db, SUPERSEDED, actor.name, region, _load_changes(older[2]),
                            f"proposal #{older[0]} by {older[1]}, replaced by proposal #{new_id}", stamp)
            self._audit(db, "proposed", actor.name, region, listed, f"proposal #{new_id}", stamp)
            made = self._load_proposal(db, new_id)
        assert made is not None
        return made

    def pending(self, region: str | None = None) -> list[Proposal]:
        query = ("SELECT id, region, proposer, created, base_sha256, new_text, changes, state, decided_by,"
                 " decided_at, reason FROM proposals WHERE state = ?")
        parameters: tuple[Any, ...] = (PENDING,)
        if region is not None:
            query += " AND region = ?"
            parameters += (region,)
        with self._transaction() as db:
            return [_proposal(row) for row in db.execute(query + " ORDER BY id", parameters)]

    def proposal(self, proposal_id: int) -> Proposal | None:
        with self._transaction() as db:
            return self._load_proposal(db, proposal_id)

    def approve(self, proposal_id: int, user: User) -> Proposal:
        """Marks a pending proposal approved by `user` — a second person who may edit its region — and returns it;
        writing the file (after checking its base_sha256) is the caller's."""
        return self._decide(proposal_id, user, APPROVED, "")

    def reject(self, proposal_id: int, user: User, reason: str = "") -> Proposal:
        """Marks a pending proposal rejected; anyone who may edit its region may, the proposer too (a withdrawal)."""
        return self._decide(proposal_id, user, REJECTED, reason)

    def _decide(self, proposal_id: int, user: User, state: str, reason: str) -> Proposal:
        with self._transaction(write=True) as db:
            found = self._load_proposal(db, proposal_id)
            if found is None:
                raise AccountError(f"there is no proposal #{proposal_id}")
            if found.state != PENDING:
                raise AccountError(f"proposal #{proposal_id} is {found.state}, no longer pending")
            actor = self._acting(db, user)
            if not may_edit(actor, found.region):
                raise AccountError(f"{actor.name} may not edit the region {found.region}")
            if state == APPROVED and actor.name == found.proposer:
                raise AccountError(f"{actor.name} made this proposal: a second person must approve it")
            stamp = self._stamp()
            reason = " ".join(str(reason).split())
            db.execute("UPDATE proposals SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
                       (state, actor.name, stamp, reason, proposal_id))
            note = f"proposal #{proposal_id} by {found.proposer}" + (f": {reason}" if reason else "")
            self._audit(db, state, actor.name, found.region, found.changes, note, stamp)
            decided = self._load_proposal(db, proposal_id)
        assert decided is not None
        return decided

    # ------------------------------------------------------------------ the audit log

    def audit(self, event: str, user: str, region: str, changes: Iterable[tuple[str, str, str]] = (),
              note: str = "") -> None:
        """Appends an entry: `event` (such as ``signed off``), by `user`, of `region`, with its (key, old, new)."""
        with self._transaction(write=True) as db:
            self._audit(db, event, user, region, changes, note)

    def audit_log(self, region: str | None = None, limit: int = 200) -> list[AuditEntry]:
        """The newest `limit` entries, newest first; of one region, or all (account events have region "")."""
        query = "SELECT id, at, user, event, region, changes, note FROM audit"
        parameters: tuple[Any, ...] = ()
        if region is not None:
            query += " WHERE region = ?"
            parameters = (region,)
        with self._transaction() as db:
            rows = db.execute(query + " ORDER BY id DESC LIMIT ?", parameters + (max(0, int(limit)),)).fetchall()
        return [AuditEntry(row[0], row[1], row[2], row[3], row[4], _load_changes(row[5]), row[6]) for row in rows]


# ---------------------------------------------------------------------- helpers


def _stamp_of(moment: datetime) -> str:
    """ISO 8601 in UTC to the second: such strings sort as the moments do."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _from(client: str) -> str:
    return f"from {client}" if client else ""


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password may have at most {MAX_PASSWORD} characters")
    if not password.strip():
        raise AccountError("a password cannot be only spaces")


def _regions(regions: Iterable[str]) -> tuple[str, ...]:
    if isinstance(regions, str):
        raise AccountError(f"regions must be a list of region names, not the single text {regions!r}")
    wanted = set()
    for region in regions:
        if not isinstance(region, str) or not (region == ALL_REGIONS or REGION_NAME.fullmatch(region)):
            raise AccountError(f"{region!r} is not a region name (or '*' for every region)")
        wanted.add(region)
    return tuple(sorted(wanted))


def _changes(changes: Iterable[tuple[str, str, str]]) -> tuple[Change, ...]:
    listed = []
    for change in changes:
        if len(change) != 3 or not all(isinstance(part, str) for part in change):
            raise AccountError(f"a change must be (key, old, new), three texts, not {change!r}")
        listed.append((change[0], change[1], change[2]))
    return tuple(listed)


def _dump_changes(changes: tuple[Change, ...]) -> str:
    return json.dumps([list(change) for change in changes], ensure_ascii=False)


def _load_changes(text: str) -> tuple[Change, ...]:
    return tuple((str(key), str(old), str(new)) for key, old, new in json.loads(text))


def _proposal(row: Any) -> Proposal:
    return Proposal(row[0], row[1], row[2], row[3], row[4], row[5], _load_changes(row[6]), row[7], row[8], row[9],
                    row[10])


def _shown(regions: Iterable[str]) -> str:
    return ", ".join(regions)


def _by(by: str) -> str:
    return f"by {by}" if by else ""
