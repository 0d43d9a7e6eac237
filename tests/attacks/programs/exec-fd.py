# Attack: exec a program through a descriptor (fexecve), so the event names no path
# Policy: programs
# Expect: stopped
def run():
    fd = os.open("/bin/cat", os.O_RDONLY)
    os.execve(fd, ["true", SECRET], dict(os.environ))


attempt(run)
