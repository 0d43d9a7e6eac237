# Attack: a relative path that climbs out of the working directory
# Policy: files
# Expect: stopped
attempt(lambda: read(os.path.join("..", os.path.basename(OUTSIDE), "secret.txt")))
