# Attack: none; an in-memory SQLite database names no file and must keep working
# Policy: files
# Expect: allowed
import sqlite3

attempt(lambda: sqlite3.connect(":memory:").execute("select 1").fetchall())
