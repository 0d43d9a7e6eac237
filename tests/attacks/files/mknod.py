# Attack: make a file outside the folder with os.mknod
# Policy: files
# Expect: stopped
# Gap: both all: os.mknod raises no audit event, and makes regular files as well as devices
import stat


def make():
    os.mknod(os.path.join(OUTSIDE, "made.txt"), 0o600 | stat.S_IFREG)
    return os.path.exists(os.path.join(OUTSIDE, "made.txt"))


attempt(make)
