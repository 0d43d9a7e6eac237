# Attack: put a finder of one's own in sys.path_importer_cache for the standard library's folder, serving an allowed name
# Policy: modules
# Expect: stopped
# Gap: both all: sys.path_importer_cache is not in the import event, and the finder it holds for a folder is the program's to replace; only Python code loads this way, as an extension module's own event names its file
# --- setup ---
with open(os.path.join(INSIDE, "served.py"), "w") as module:
    module.write("SERVED = True\n")
# --- attack ---
import importlib.util


class Finder:
    @staticmethod
    def find_spec(name, target=None):
        if name == "colorsys":
            return importlib.util.spec_from_file_location(name, os.path.join(INSIDE, "served.py"))
        return None


def serve():
    folder = os.path.dirname(os.__file__)
    for key in list(sys.path_importer_cache):
        if key == folder:
            sys.path_importer_cache[key] = Finder
    sys.modules.pop("colorsys", None)
    import colorsys

    return colorsys.SERVED


attempt(serve)
