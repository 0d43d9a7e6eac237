# Attack: make a named pipe outside the folder with os.mkfifo
# Policy: files
# Expect: stopped
# Gap: both all: os.mkfifo raises no audit event
def make():
    os.mkfifo(os.path.join(OUTSIDE, "pipe"))
    return os.path.exists(os.path.join(OUTSIDE, "pipe"))


attempt(make)
