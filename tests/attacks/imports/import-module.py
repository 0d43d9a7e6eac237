# Attack: import a module the list does not name through importlib.import_module
# Policy: modules
# Expect: stopped
# Gap: both -3.14: importlib.import_module goes through importlib's _gcd_import, which raised no import event before 3.15
# Issue: cpython#138310
import importlib

sys.modules.pop("_compat_pickle", None)  # a module with no imports of its own, loaded afresh
attempt(lambda: importlib.import_module("_compat_pickle").__name__)
