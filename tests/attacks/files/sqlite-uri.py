# Attack: open a database outside the folder through an SQLite file: URI, which read as a path lies inside the folder
# Policy: files
# Expect: stopped
# --- setup ---
import sqlite3

sqlite3.connect(os.path.join(OUTSIDE, "data.db")).execute("create table secret (x)")
# --- attack ---
import sqlite3

attempt(lambda: sqlite3.connect("file:" + os.path.join(OUTSIDE, "data.db") + "?mode=ro", uri=True).execute("select name from sqlite_master").fetchall())
