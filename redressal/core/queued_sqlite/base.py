"""Django's SQLite backend, with writers queueing for the write lock outside the database.

SQLite lets one transaction write at a time. A writer that finds the lock taken waits in
SQLite's busy handler, which sleeps 1, 2, 5, 10, then up to 100 ms between attempts: under a
steady stream of writes the waiters oversleep the lock's release, the cores sit idle and a
filing takes several times its own cost. Here a transaction first takes an advisory lock on
a file beside the database, trying again every half millisecond, so the next writer starts
within that of the last one's commit. Past the connection's `timeout` it goes on without it
and SQLite's own busy handler decides, as before. Autocommit writes outside a transaction
do not queue here; they are short, and SQLite's handler still serialises them.

A transaction begins (and queues) at its first statement, not when `atomic` is entered: the
Python that composes that statement, often the longest part of a short write, then runs
before the lock is taken rather than while every other writer waits for it.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3 import base

RETRY_SECONDS = 0.0005


class Cursor(base.SQLiteCursorWrapper):
    def __init__(self, connection, wrapper: DatabaseWrapper) -> None:
        super().__init__(connection)
        self.wrapper = wrapper

    def execute(self, query, params=None):
        if self.wrapper._begin_pending:
            self.wrapper._begin()
        return super().execute(query, params)

    def executemany(self, query, param_list):
        if self.wrapper._begin_pending:
            self.wrapper._begin()
        return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_file: int | None = None
    _holds_queue = False
    _begin_pending = False

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=lambda connection: Cursor(connection, self))

    def _start_transaction_under_autocommit(self):
        self._begin_pending = True

    def _begin(self) -> None:
        self._begin_pending = False
        self._join_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        self._begin_pending = False
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        self._begin_pending = False
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        self._begin_pending = False
        try:
            return super()._close()
        finally:
            self._leave_queue()
            if self._queue_file is not None:
                os.close(self._queue_file)
                self._queue_file = None

    def _join_queue(self) -> None:
        if self.is_in_memory_db():
            return
        if self._queue_file is None:
            name = self.settings_dict["NAME"]
            try:
                # With the database's own permissions, as SQLite makes its -wal and -shm.
                mode = os.stat(name).st_mode & 0o666
                self._queue_file = os.open(f"{name}-writers", os.O_RDWR | os.O_CREAT, mode)
            except OSError:
                return  # no queue here (a folder or file it may not write): SQLite decides
        deadline = time.monotonic() + self.settings_dict["OPTIONS"].get("timeout", 5)
        while True:
            try:
                fcntl.flock(self._queue_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(RETRY_SECONDS)
            else:
                self._holds_queue = True
                return

    def _leave_queue(self) -> None:
        if self._holds_queue:
            self._holds_queue = False
            fcntl.flock(self._queue_file, fcntl.LOCK_UN)
