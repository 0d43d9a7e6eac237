# Attack: signal another process through a pidfd, which no event names, where os.kill is refused
# Policy: programs
# Expect: stopped
# Gap: both 3.9+: os.pidfd_open and signal.pidfd_send_signal raise no audit event
# Absent: -3.8: os.pidfd_open is new in 3.9
import signal


def signal_it():
    if not hasattr(os, "pidfd_open"):
        outcome("absent", "os.pidfd_open is new in 3.9")
    victim = int(os.environ["AUDIT_VICTIM"])
    fd = os.pidfd_open(victim)
    signal.pidfd_send_signal(fd, signal.SIGTERM)
    import select

    return bool(select.select([fd], [], [], 5)[0])  # readable once the victim is gone


attempt(signal_it)
