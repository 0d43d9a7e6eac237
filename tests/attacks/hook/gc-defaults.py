# Attack: find the hook's functions through the garbage collector and rebind what they were given
# Policy: files
# Expect: stopped
import gc
import types


def rebind():
    changed = 0
    for thing in gc.get_objects():
        if type(thing) is types.FunctionType and thing.__defaults__ and thing.__code__.co_filename.endswith(("sitecustomize.py", "audit_policy.py")):
            try:
                thing.__defaults__ = tuple(frozenset() if type(d) is frozenset else d for d in thing.__defaults__)
                changed += 1
            except Exception:
                pass
        elif type(thing) in (dict, set) and "open" in thing and "__name__" not in thing and thing is not vars(__builtins__ if type(__builtins__) is type(sys) else sys.modules["builtins"]):
            thing.clear()  # a table of events, not a module's or the builtins' namespace
    return read(SECRET)


attempt(rebind)
