# Attack: have posix_spawn's file_actions open a file outside the folder for the child
# Policy: files
# Expect: stopped
# Gap: both all: posix_spawn's file_actions open files in the child with no audit event
# Narrow: os.posix_spawn
def spawn():
    made = os.path.join(OUTSIDE, "spawned.txt")
    actions = [(os.POSIX_SPAWN_OPEN, 1, made, os.O_WRONLY | os.O_CREAT, 0o600)]
    pid = os.posix_spawn("/bin/sh", ["sh", "-c", "echo written"], dict(os.environ), file_actions=actions)
    os.waitpid(pid, 0)
    return os.path.exists(made)


attempt(spawn)
