# Attack: attach a database file outside the folder to an in-memory SQLite database
# Policy: files
# Expect: stopped
# Gap: both all: SQLite opens an attached database itself; no audit event names the file
# Narrow: sqlite3.connect
# --- setup ---
import sqlite3

sqlite3.connect(os.path.join(OUTSIDE, "data.db")).execute("create table secret (x)")
# --- attack ---
import sqlite3


def attach():
    connection = sqlite3.connect(":memory:")
    connection.execute("attach database ? as other", (os.path.join(OUTSIDE, "data.db"),))
    return connection.execute("select name from other.sqlite_master").fetchall()


attempt(attach)
