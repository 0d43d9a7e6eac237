# What a hook installed from sitecustomize sees of a start: every event from here on until the
# program's exit handlers run, written as JSON lines to the file AUDIT_STARTUP_EVENTS names. Used
# by `npm run startup` (src/cli/startup.ts); writing the file is not recorded. It imports nothing
# that site has not imported already (atexit is built in): a module it imported would be missing
# from what the program's own start imports.
import atexit
import os
import sys

_events = []
_out = os.environ["AUDIT_STARTUP_EVENTS"]
_done = []


def _record(event, args):
    if _done:
        return
    try:
        text = repr(args)
    except Exception:
        text = "<unprintable>"
    _events.append((event, [type(value).__name__ for value in args], text))


def _quoted(text):
    """A JSON string, without the json module."""
    escaped = []
    for char in text:
        if char == '"' or char == "\\":
            escaped.append("\\" + char)
        elif char < " " or "\ud800" <= char <= "\udfff":
            escaped.append("\\u%04x" % ord(char))
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _write():
    _done.append(True)
    with open(_out, "w", encoding="utf-8") as file:
        for name, types, text in _events:
            file.write("[%s, [%s], %s]\n" % (_quoted(name), ", ".join(_quoted(each) for each in types), _quoted(text)))


atexit.register(_write)
sys.addaudithook(_record)
