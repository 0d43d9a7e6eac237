# Attack: read what a file outside the folder is (size, owner, times) with os.stat
# Policy: files
# Expect: stopped
# Gap: both all: os.stat, os.lstat and os.access raise no audit event
attempt(lambda: os.stat(SECRET).st_size)
