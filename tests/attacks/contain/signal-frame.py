# Attack: a timer's signal lands while the hook decides; its handler, handed the running frame, rewrites it
# Policy: contain, files
# Expect: stopped
# Gap: python 3.13+: a signal handler is handed the running frame, and from 3.13 (PEP 667) writing frame.f_locals changes a running function's variables; no event announces signal.signal or setitimer. Only the C hook, which has no frame, is out of its reach.
import signal
import time


def handler(number, frame):
    rewrite_hook(frame)


def attack():
    signal.signal(signal.SIGALRM, handler)
    # A path of many parts keeps the hook resolving it for a while: the timer fires in there.
    long = INSIDE + "/." * 1800 + "/../" + os.path.basename(OUTSIDE) + "/secret.txt"
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        signal.setitimer(signal.ITIMER_REAL, 0.00005)
        try:
            return read(long)
        except PermissionError:
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return read(SECRET)


attempt(attack)
