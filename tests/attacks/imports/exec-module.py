# Attack: load a module's file through its loader (spec_from_file_location, exec_module), which raises no import event
# Policy: modules
# Expect: stopped
# Gap: both all: a loader run by hand raises no import event; only an extension module's load does
# Narrow: exec
import importlib.util


def load():
    import os.path as paths

    source = paths.join(paths.dirname(os.__file__), "keyword.py")
    spec = importlib.util.spec_from_file_location("keyword_by_hand", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.__name__


attempt(load)
