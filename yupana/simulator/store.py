"""The simulator's memory: documents, tickets, CDRs, accounts and the received log, in SQLite.

One connection shared by the server's threads behind a lock: writes are short and SQLite
serialises them anyway. WAL keeps readers (the HTML page) from blocking senders.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    ruc TEXT NOT NULL, doc_type TEXT NOT NULL, series TEXT NOT NULL, number INTEGER NOT NULL,
    file_name TEXT NOT NULL, status TEXT NOT NULL, code TEXT NOT NULL, digest TEXT,
    cdr BLOB, received_at REAL NOT NULL, updated_at REAL NOT NULL,
    PRIMARY KEY (ruc, doc_type, series, number)
);
CREATE TABLE IF NOT EXISTS tickets (
    ticket TEXT PRIMARY KEY, ruc TEXT NOT NULL, file_name TEXT NOT NULL, digest TEXT NOT NULL,
    code TEXT NOT NULL, cdr BLOB NOT NULL, effects TEXT NOT NULL,
    created_at REAL NOT NULL, due_at REAL NOT NULL, settled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tickets_pending ON tickets (settled, due_at);
CREATE INDEX IF NOT EXISTS tickets_name ON tickets (file_name);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY, password TEXT NOT NULL, ruc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS received (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, service TEXT NOT NULL,
    operation TEXT NOT NULL, username TEXT, subject TEXT, outcome TEXT NOT NULL,
    code TEXT, message TEXT
);
"""

LIMA = ZoneInfo("America/Lima")
ACCEPTED, REJECTED, VOIDED = "accepted", "rejected", "voided"


@dataclass(frozen=True)
class Document:
    ruc: str
    doc_type: str
    series: str
    number: int
    file_name: str
    status: str
    code: str
    digest: str | None
    cdr: bytes | None


@dataclass(frozen=True)
class Ticket:
    ticket: str
    ruc: str
    file_name: str
    digest: str
    code: str
    cdr: bytes
    effects: list
    created_at: float
    due_at: float
    settled: bool


class Store:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # documents ------------------------------------------------------------------
    def document(self, ruc: str, doc_type: str, series: str, number: int) -> Document | None:
        with self._lock:
            row = self._db.execute(
                "SELECT ruc, doc_type, series, number, file_name, status, code, digest, cdr"
                " FROM documents WHERE ruc=? AND doc_type=? AND series=? AND number=?",
                (ruc, doc_type, series, number),
            ).fetchone()
        return Document(*row) if row else None

    def save_document(self, doc: Document) -> None:
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT INTO documents (ruc, doc_type, series, number, file_name, status, code, digest,"
                " cdr, received_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (ruc, doc_type, series, number) DO UPDATE SET file_name=excluded.file_name,"
                " status=excluded.status, code=excluded.code, digest=excluded.digest, cdr=excluded.cdr,"
                " updated_at=excluded.updated_at",
                (doc.ruc, doc.doc_type, doc.series, doc.number, doc.file_name, doc.status, doc.code,
                 doc.digest, doc.cdr, now, now),
            )

    # tickets --------------------------------------------------------------------
    def add_ticket(self, ticket: Ticket) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO tickets (ticket, ruc, file_name, digest, code, cdr, effects, created_at, due_at)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (ticket.ticket, ticket.ruc, ticket.file_name, ticket.digest, ticket.code, ticket.cdr,
                 json.dumps(ticket.effects), ticket.created_at, ticket.due_at),
            )

    def ticket(self, ticket: str) -> Ticket | None:
        with self._lock:
            row = self._db.execute(
                "SELECT ticket, ruc, file_name, digest, code, cdr, effects, created_at, due_at, settled"
                " FROM tickets WHERE ticket=?", (ticket,)).fetchone()
        return _ticket(row) if row else None

    def tickets_for(self, file_name: str) -> list[Ticket]:
        with self._lock:
            rows = self._db.execute(
                "SELECT ticket, ruc, file_name, digest, code, cdr, effects, created_at, due_at, settled"
                " FROM tickets WHERE file_name=? ORDER BY created_at", (file_name,)).fetchall()
        return [_ticket(r) for r in rows]

    def settle_due(self, now: float) -> list[Ticket]:
        """Mark every ticket whose delay has passed as processed and apply its effects, once."""
        with self._lock:
            rows = self._db.execute(
                "SELECT ticket, ruc, file_name, digest, code, cdr, effects, created_at, due_at, settled"
                " FROM tickets WHERE settled=0 AND due_at<=? ORDER BY due_at", (now,)).fetchall()
            if not rows:
                return []
            settled = [_ticket(r) for r in rows]
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for t in settled:
                    for effect in t.effects:
                        self._apply(t, effect, now)
                    self._db.execute("UPDATE tickets SET settled=1 WHERE ticket=?", (t.ticket,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return settled

    def _apply(self, t: Ticket, effect: list, now: float) -> None:
        doc_type, series, number, status = effect
        self._db.execute(
            "INSERT INTO documents (ruc, doc_type, series, number, file_name, status, code, digest, cdr,"
            " received_at, updated_at) VALUES (?,?,?,?,?,?,?,NULL,NULL,?,?)"
            " ON CONFLICT (ruc, doc_type, series, number) DO UPDATE SET"
            " status=CASE WHEN excluded.status='voided' THEN 'voided' ELSE documents.status END,"
            " updated_at=excluded.updated_at",
            (t.ruc, doc_type, series, number, t.file_name, status, "0", now, now),
        )

    # accounts -------------------------------------------------------------------
    def add_account(self, username: str, password: str, ruc: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO accounts (username, password, ruc) VALUES (?,?,?) ON CONFLICT (username)"
                " DO UPDATE SET password=excluded.password, ruc=excluded.ruc", (username, password, ruc))

    def account(self, username: str) -> tuple[str, str] | None:
        with self._lock:
            return self._db.execute(
                "SELECT password, ruc FROM accounts WHERE username=?", (username,)).fetchone()

    # received log ---------------------------------------------------------------
    def log(self, service: str, operation: str, username: str | None, subject: str | None,
            outcome: str, code: str | None, message: str | None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO received (at, service, operation, username, subject, outcome, code, message)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (time.time(), service, operation, username, subject, outcome, code, message))

    def received(self, limit: int = 500) -> list[dict]:
        with self._lock:
            cur = self._db.execute(
                "SELECT id, at, service, operation, username, subject, outcome, code, message"
                " FROM received ORDER BY id DESC LIMIT ?", (limit,))
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, row)) for row in cur.fetchall()]
        for row in rows:
            row["at_lima"] = datetime.fromtimestamp(row["at"], LIMA).isoformat(timespec="milliseconds")
        return rows

    def clear(self) -> None:
        """Forget documents, tickets and the received log (accounts stay)."""
        with self._lock:
            self._db.executescript("DELETE FROM documents; DELETE FROM tickets; DELETE FROM received;")


def _ticket(row) -> Ticket:
    values = list(row)
    values[6] = json.loads(values[6])
    values[9] = bool(values[9])
    return Ticket(*values)
