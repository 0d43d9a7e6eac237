# Attack: read a file outside the allowed folder, by its path
# Policy: files
# Expect: stopped
attempt(lambda: read(SECRET))
