# The prelude the runner puts before every attack (tests/support/attacks.ts): the run's places, and
# how an attack says what happened. Only builtins, sys and os: under an allow-list of modules an
# import of anything else would be refused before the attack began.
import os
import sys

INSIDE = os.environ["AUDIT_INSIDE"]  # the allowed folder, and the run's working directory
OUTSIDE = os.environ["AUDIT_OUTSIDE"]  # a folder beside it that the policy does not allow
SECRET = os.path.join(OUTSIDE, "secret.txt")  # a file there, holding "secret"
PORT = int(os.environ["AUDIT_PORT"])  # a server on 127.0.0.1 that answers "hello"
PYTHON = os.environ["AUDIT_PYTHON"]  # this CPython's interpreter


def _denied(error):
    # The policy's refusal, as the hook raised it or as a library wrapped it (urllib's URLError).
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (PermissionError, ImportError)) and str(error).startswith("denied "):
            return True
        reason = getattr(error, "reason", None)
        error = reason if isinstance(reason, BaseException) else (error.__cause__ or error.__context__)
    return False


def outcome(name, detail=""):
    """The attack's outcome, once: stopped (the hook refused), through (it happened), failed, or absent."""
    text = "ATTACK-OUTCOME %s %s\n" % (name, " ".join(str(detail).split())[:300])
    os.write(1, text.encode("utf-8", "backslashreplace"))
    os._exit(0)


def attempt(action):
    """Runs the attack's action: through if it returns, stopped if the policy refused it, failed for any other error."""
    try:
        result = action()
    except BaseException as error:
        outcome("stopped" if _denied(error) else "failed", "%s: %s" % (type(error).__name__, error))
    outcome("through", repr(result)[:200])


def read(path):
    with open(path, "rb") as file:
        return file.read()


def talk(host, port):
    """Connects to host:port, and returns what the server says first."""
    import socket

    connection = socket.create_connection((host, port), timeout=5)
    try:
        return connection.recv(100)
    finally:
        connection.close()


def rewrite_hook(frame):
    """Rewrites what a running hook's frames hold, by the names its source gives them (the attacker
    has read the hook): what it covers, what decides, the allowed folders. True where it found one."""
    found = False
    while frame is not None:
        names = frame.f_locals
        if "covered" in names:
            names["covered"] = frozenset()
            found = True
        if "decide" in names:
            names["decide"] = lambda event, args: None
            found = True
        if "folders" in names:
            names["folders"] = ((b"/", b"/"),)
            found = True
        frame = frame.f_back
    return found


def read_while_collecting():
    """Reads the secret while every allocation sets off a collection, whose finaliser looks for the
    hook's running frame (from the finaliser's caller up) and rewrites it: up to 200 tries."""
    import gc

    rewritten = []

    class Trigger:
        def __del__(self):
            if not rewritten:
                if rewrite_hook(sys._getframe(1)):
                    rewritten.append(True)
                else:
                    arm()  # not inside the hook: wait for the next collection

    def arm():
        trigger = Trigger()
        trigger.self = trigger

    gc.set_threshold(1)
    try:
        for _ in range(200):
            arm()
            try:
                return read(SECRET)
            except PermissionError:
                continue
        return read(SECRET)
    finally:
        gc.set_threshold(700)
