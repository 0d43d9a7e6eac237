"""Runs corpus calls under an audit hook and prints what each raised, as JSON.

The tracer (src/cli/trace.ts) runs this file in every CPython it finds, native or Pyodide, with the
calls on standard input as JSON ({"calls": [{"id", "setup", "call"}]}). Each call runs twice, each
time in a fresh temporary folder as the working directory, its setup untraced and then its call
traced: the first run warms the call up (imports it triggers the first time), the second gives the
call's own events. An event counts only when the calling thread raises it between the call's start
and end. Values are reported raw, with what makes them run-specific (the temporary folders, the
process id, the loopback server's port); the tracer replaces those with placeholders.

It must run on every CPython from 3.8 on, and under Pyodide: no syntax newer than 3.8.
"""

import gc
import io
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback

REPR_LIMIT = 400
# A run over this many seconds is stopped (where the platform has timers), and recorded as failed.
RUN_LIMIT = 10
# A run that raises more events than this is cut short: its events are a sample, and it says so.
EVENT_LIMIT = 400

_recording = None  # the list a run records into, or None
_thread = None  # the ident of the thread whose events count
_busy = False
# A generated policy hook (the hook builder's output) under test: it acts only while a call runs,
# in the calling thread, so setup and cleanup are never refused; what it reports is captured per
# call from the file it took as its standard error.
_policy = None
_policy_active = False
_policy_reports = None
# A request may ask for a shorter limit: under a policy, a refused client leaves a server waiting.
_limit = RUN_LIMIT


def _repr(value):
    try:
        text = repr(value)
    except BaseException as error:  # a repr that fails says so, and never stops the hook
        return "<repr failed: %s>" % type(error).__name__
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 1] + "\u2026"


def _hook(event, args):
    global _busy
    if _recording is None or _busy or threading.get_ident() != _thread:
        return
    _busy = True
    try:
        if len(_recording) < EVENT_LIMIT:
            _recording.append([event, [type(arg).__name__ for arg in args], _repr(args)])
        else:
            _recording.append(None)
    finally:
        _busy = False


def _reply_ftp(line):
    word = line.split(b" ")[0].upper()
    return {b"USER": b"331 user ok\r\n", b"PASS": b"230 logged in\r\n", b"QUIT": b"221 bye\r\n", b"PWD": b'257 "/"\r\n'}.get(word, b"200 ok\r\n")


def _reply_smtp(line):
    word = line.split(b" ")[0].upper()
    if word in (b"EHLO", b"HELO"):
        return b"250-localhost\r\n250 OK\r\n"
    if word == b"DATA":
        return b"354 end with .\r\n"
    if word == b"QUIT":
        return b"221 bye\r\n"
    return b"250 OK\r\n"


def _reply_pop3(line):
    word = line.split(b" ")[0].upper()
    if word == b"STAT":
        return b"+OK 0 0\r\n"
    if word in (b"LIST", b"UIDL", b"CAPA"):
        return b"+OK\r\n.\r\n"
    return b"+OK\r\n"


def _reply_imap(line):
    tag, _, rest = line.partition(b" ")
    word = rest.split(b" ")[0].upper()
    if word == b"CAPABILITY":
        return b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n"
    if word == b"LOGOUT":
        return b"* BYE bye\r\n" + tag + b" OK done\r\n"
    if word in (b"SELECT", b"EXAMINE"):
        return b"* 0 EXISTS\r\n" + tag + b" OK [READ-WRITE] done\r\n"
    return tag + b" OK done\r\n"


def _reply_nntp(line):
    word = line.split(b" ")[0].upper()
    if word == b"CAPABILITIES":
        return b"101 capabilities\r\nVERSION 2\r\nREADER\r\n.\r\n"
    if word == b"QUIT":
        return b"205 bye\r\n"
    if word == b"DATE":
        return b"111 20260101000000\r\n"
    return b"200 ok\r\n"


def _reply_echo(line):
    return line + b"\n"


# Each loopback server: what it says first, and how it answers each line a client sends.
PROTOCOLS = {
    "ftp": (b"220 ready\r\n", _reply_ftp),
    "smtp": (b"220 localhost ESMTP ready\r\n", _reply_smtp),
    "pop3": (b"+OK ready\r\n", _reply_pop3),
    "imap": (b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", _reply_imap),
    "nntp": (b"200 ready\r\n", _reply_nntp),
    "echo": (b"", _reply_echo),
}


class LoopbackServer:
    """A TCP server on 127.0.0.1, in a thread of its own: HTTP (each request answered with a small
    response), or a line protocol (a greeting, then an answer to each line)."""

    RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"

    def __init__(self, protocol):
        self.protocol = protocol
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.address = self.sock.getsockname()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        try:
            self.thread.start()
        except RuntimeError:
            # No threads (Pyodide): no server, and no socket left open.
            self.sock.close()
            raise

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                conn.settimeout(5)
                if self.protocol == "http":
                    self.http(conn)
                else:
                    self.lines(conn, *PROTOCOLS[self.protocol])
            except OSError:
                pass
            finally:
                conn.close()

    def http(self, conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        conn.sendall(self.RESPONSE)

    def lines(self, conn, greeting, reply):
        if greeting:
            conn.sendall(greeting)
        buffer = b""
        in_data = False
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                line = line.rstrip(b"\r")
                if in_data:
                    # SMTP's message body ends with a line holding a single dot.
                    if line == b".":
                        in_data = False
                        conn.sendall(b"250 OK queued\r\n")
                    continue
                answer = reply(line)
                conn.sendall(answer)
                if answer.startswith(b"354"):
                    in_data = True
                if answer.startswith((b"221", b"205", b"* BYE")):
                    return


_servers = {}


def server_address(protocol):
    """The (host, port) of the loopback server for a protocol, started the first time it is asked for."""
    if protocol not in _servers:
        try:
            _servers[protocol] = LoopbackServer(protocol)
        except (OSError, AttributeError, RuntimeError) as error:
            raise RuntimeError("no loopback server can start here: %s" % error)
    return _servers[protocol].address


def _policy_on():
    """Turns the policy under test on for a call; returns where its reports go."""
    global _policy_active
    if _policy is None:
        return None
    os.ftruncate(_policy_reports, 0)
    _policy_active = True
    return _policy_reports


def _policy_off(reported, namespace):
    global _policy_active
    if _policy is None:
        return
    _policy_active = False
    os.lseek(_policy_reports, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(_policy_reports, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    namespace["__policy_report__"] = b"".join(chunks).decode("utf-8", "replace")


def _policy_gate(event, args):
    # The policy acts on the calling thread while a call runs: a loopback server's thread, the
    # setup and the cleanup are not its to refuse.
    if _policy_active and threading.get_ident() == _thread:
        _policy(event, args)


def load_policy(path):
    """Runs a generated hook's file, taking the hook it adds, and gates it to the calls.

    The hook cannot be reached once added (that is its point): the harness takes it as the file
    hands it to sys.addaudithook. Its reports go to the standard error it finds when it starts,
    which is, here, a file of the harness's, read after each call."""
    global _policy, _policy_reports
    taken = []
    real_add = sys.addaudithook
    _policy_reports = os.open(os.path.join(tempfile.mkdtemp(prefix="audit-policy-"), "reports"), os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    saved = os.dup(2)
    os.dup2(_policy_reports, 2)
    sys.addaudithook = taken.append
    try:
        with open(path) as file:
            source = file.read()
        exec(compile(source, path, "exec"), {"__name__": "audit_policy_under_test"})
    finally:
        sys.addaudithook = real_add
        os.dup2(saved, 2)
        os.close(saved)
    (_policy,) = taken
    sys.addaudithook(_policy_gate)


def run(entry, home):
    """One run of a call: a fresh folder, its setup untraced, its call traced. Returns (events, error)."""
    global _recording, _thread
    # Files an earlier call left for the garbage collector are closed now, not in the middle of
    # this run: descriptor numbers then come out the same from one trace to the next.
    gc.collect()
    folder = tempfile.mkdtemp(prefix="audit-trace-")
    namespace = {"__name__": "__corpus__", "tmp": folder, "python": sys.executable}
    events = []
    error = None
    try:
        os.chdir(folder)
        for protocol in entry.get("needs") or []:
            namespace["server"] = server_address("http" if protocol == "server" else protocol)
        exec(compile(entry.get("setup", ""), "<setup>", "exec"), namespace)
        # The call becomes a function, so that running it raises no exec event of its own.
        body = "".join("    " + line + "\n" for line in entry["call"].split("\n"))
        exec(compile("def __call__():\n" + body, "<call>", "exec"), namespace)
        call = namespace["__call__"]
        _thread = threading.get_ident()
        _recording = events
        reported = _policy_on()
        try:
            call()
        finally:
            _recording = None
            _policy_off(reported, namespace)
    except BaseException as caught:  # the call's own failure is what the trace records
        error = "".join(traceback.format_exception_only(type(caught), caught)).strip()
    finally:
        try:
            if entry.get("cleanup"):
                exec(compile(entry["cleanup"], "<cleanup>", "exec"), namespace)
        except BaseException as caught:
            error = error or "cleanup: " + "".join(traceback.format_exception_only(type(caught), caught)).strip()
        os.chdir(home)
        shutil.rmtree(folder, ignore_errors=True)
    return events, error, folder, namespace.get("__policy_report__")


class RunTooLong(Exception):
    pass


def _too_long(signum, frame):
    raise RunTooLong("the run took over %d s" % _limit)


def timed(entry, home):
    """A run, stopped after RUN_LIMIT seconds where the platform has interval timers."""
    try:
        signal.signal(signal.SIGALRM, _too_long)
        signal.setitimer(signal.ITIMER_REAL, _limit)
        armed = True
    except (AttributeError, ValueError, OSError):
        armed = False
    try:
        return run(entry, home)
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _no_host_shell(command):
    raise OSError(38, "the tracer runs no shell of the host from WebAssembly: in a browser there is none")


def trace(text):
    """Runs the calls of a request (JSON text) and returns what they raised (JSON text)."""
    global _limit
    request = json.loads(text)
    if sys.platform == "emscripten":
        # Under Node, Pyodide's os.system reaches the host's /bin/sh; in a browser it has none.
        os.system = _no_host_shell
    sys.addaudithook(_hook)
    if request.get("policy"):
        load_policy(request["policy"])
    _limit = request.get("limit", RUN_LIMIT)
    home = os.getcwd()
    results = []
    for entry in request["calls"]:
        platforms = entry.get("platforms")
        if platforms and sys.platform not in platforms:
            # A call for other platforms (the Windows registry) is not tried here.
            error = "not for %s: the call is for %s only" % (sys.platform, " and ".join(platforms))
            results.append({"id": entry["id"], "first": [], "events": [], "error": error, "folders": [], "seconds": 0})
            continue
        started = time.monotonic()
        first, first_error, first_folder, _ = timed(entry, home)
        own, error, own_folder, reported = timed(entry, home)
        results.append(
            {
                "id": entry["id"],
                "first": first,
                "events": own,
                "error": error or first_error,
                "folders": [first_folder, own_folder],
                "seconds": round(time.monotonic() - started, 3),
            }
        )
        if reported is not None:
            results[-1]["policy_report"] = reported
    specifics = {
        "pid": os.getpid(),
        "thread": threading.get_ident(),
        "ports": sorted(server.address[1] for server in _servers.values()),
        "executable": sys.executable,
        "harness": os.path.dirname(os.path.abspath(__file__)),
        "prefix": sys.prefix,
        "home": os.path.expanduser("~"),
        "tempdir": tempfile.gettempdir(),
        "cwd": home,
    }
    release = "%d.%d.%d" % sys.version_info[:3]
    if sys.version_info[3] != "final":
        release += {"alpha": "a", "beta": "b", "candidate": "rc"}[sys.version_info[3]] + str(sys.version_info[4])
    return json.dumps(
        {
            "python": release,
            "implementation": sys.implementation.name,
            "platform": sys.platform,
            "machine": os.uname().machine if hasattr(os, "uname") else "",
            "specifics": specifics,
            "results": results,
        }
    )


def _main():
    # What calls print, and what their children print, goes nowhere: the result alone is written
    # to the standard output the tracer reads.
    result = os.dup(1)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    sys.stdout = open(os.devnull, "w")
    data = trace(sys.stdin.read()).encode("utf-8")
    while data:
        data = data[os.write(result, data) :]


if __name__ == "__main__":
    _main()
