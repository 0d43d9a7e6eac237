# Attack: load an allowed extension module from a copy of one's own, through the extension loader
# Policy: modules
# Expect: stopped
# --- setup ---
import shutil
import _sqlite3

os.mkdir(os.path.join(INSIDE, "plant"))
shutil.copy(_sqlite3.__file__, os.path.join(INSIDE, "plant", os.path.basename(_sqlite3.__file__)))
# --- attack ---
import importlib.machinery
import importlib.util


def load():
    plant = os.path.join(INSIDE, "plant")
    path = os.path.join(plant, os.listdir(plant)[0])
    loader = importlib.machinery.ExtensionFileLoader("_sqlite3", path)
    spec = importlib.util.spec_from_file_location("_sqlite3", path, loader=loader)
    return importlib.util.module_from_spec(spec).__name__


attempt(load)
