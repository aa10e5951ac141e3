"""The batch result store: one SQLite file beside the output, so a batch can be resumed.

Each finished pair is committed as soon as it is known, keyed by the pair's id and a hash of its
content (sources, derived text, extra fields and the settings that shape the report). A re-run
of the same batch looks every pair up and checks only those without a stored result; a row that
changed under an existing id has a new hash and is checked again.

The file is in WAL mode: a commit survives the process being killed (`kill -9`) the moment
`commit()` returns, and readers (a progress watcher, a test) can read while the batch writes.
An exclusive lock file next to it stops two batches from writing the same output at once; the
operating system drops the lock when its holder dies, however it dies.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import InputError

SCHEMA_VERSION = "1"
SUFFIX = ".gcstore.sqlite"


def default_store_path(output: str | os.PathLike[str]) -> Path:
    """`out.jsonl` -> `out.jsonl.gcstore.sqlite` (SQLite adds `-wal` and `-shm` beside it)."""
    return Path(str(output) + SUFFIX)


class ResultStore:
    """Results by (id, hash). One writer at a time (the batch's main process)."""

    def __init__(self, path: str | os.PathLike[str], *, fresh: bool = False) -> None:
        self.path = Path(path)
        self._lock_fd: int | None = None
        self._acquire_lock()
        try:
            if fresh:
                for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                    p.unlink(missing_ok=True)
            self._db = self._open()
        except BaseException:
            self._release_lock()
            raise

    # -- opening -------------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no cross-process guard
            return
        lock_path = Path(f"{self.path}.lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError("GC108", what=f"the batch store {self.path}", reason=exc.strerror or str(exc)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise InputError(
                "GC108",
                what=f"the batch store {self.path}",
                reason="another batch writing the same output is still running; wait for it, or write elsewhere with -o",
            ) from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing drops the flock
            self._lock_fd = None

    def _open(self) -> sqlite3.Connection:
        what = f"the batch store {self.path}"
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit survives the process dying; only an OS crash or power
            # loss can drop the last few commits (which a re-run then checks again).
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results ("
                " id TEXT NOT NULL, hash TEXT NOT NULL, result TEXT NOT NULL,"
                " is_error INTEGER NOT NULL, seconds REAL, finished REAL NOT NULL,"
                " PRIMARY KEY (id, hash))"
            )
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                db.close()
                raise InputError("GC108", what=what, reason=f"it has store schema {row[0]}, this groundcheck writes {SCHEMA_VERSION}; start over with --fresh")
        except sqlite3.DatabaseError as exc:
            raise InputError("GC108", what=what, reason=f"{exc} (not a groundcheck store?); remove it or start over with --fresh") from None
        return db

    # -- use -----------------------------------------------------------------------------------
    def done_keys(self, *, include_errors: bool = True) -> set[tuple[str, str]]:
        """Every stored (id, hash); without the error results when `include_errors` is false."""
        sql = "SELECT id, hash FROM results" + ("" if include_errors else " WHERE is_error = 0")
        return {(i, h) for i, h in self._db.execute(sql)}

    def put(self, rid: str, h: str, result: dict[str, Any]) -> None:
        """Commit one result (durable against the process dying once this returns)."""
        seconds = None
        report = result.get("report")
        if isinstance(report, dict):
            seconds = report.get("timing", {}).get("total")
        self._db.execute(
            "INSERT OR REPLACE INTO results (id, hash, result, is_error, seconds, finished) VALUES (?, ?, ?, ?, ?, ?)",
            (rid, h, json.dumps(result, ensure_ascii=False), int("error" in result), seconds, time.time()),
        )

    def get(self, rid: str, h: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT result FROM results WHERE id = ? AND hash = ?", (rid, h)).fetchone()
        return None if row is None else json.loads(row[0])

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    def retain(self, keys: Iterable[tuple[str, str]]) -> int:
        """Drop results for (id, hash) pairs not in `keys` (rows since changed or removed)."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT, hash TEXT, PRIMARY KEY (id, hash))")
        self._db.execute("DELETE FROM keep")
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?, ?)", keys)
        cur = self._db.execute("DELETE FROM results WHERE NOT EXISTS (SELECT 1 FROM keep k WHERE k.id = results.id AND k.hash = results.hash)")
        self._db.execute("COMMIT")
        return cur.rowcount

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None  # type: ignore[assignment]
        self._release_lock()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_done_ids(path: str | os.PathLike[str]) -> set[str]:
    """The ids with a stored result, read-only (for watchers and tests; takes no lock)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        return {r[0] for r in db.execute("SELECT id FROM results")}
    except sqlite3.OperationalError:  # the writer has not created the table yet
        return set()
    finally:
        db.close()
