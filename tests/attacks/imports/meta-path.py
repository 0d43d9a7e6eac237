# Attack: a finder of one's own at the front of sys.meta_path, serving an allowed name from one's own file
# Policy: modules
# Expect: stopped
# --- setup ---
with open(os.path.join(INSIDE, "served.py"), "w") as module:
    module.write("SERVED = True\n")
# --- attack ---
import importlib.util


class Finder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "colorsys":
            return importlib.util.spec_from_file_location(name, os.path.join(INSIDE, "served.py"))
        return None


def serve():
    sys.meta_path.insert(0, Finder)
    sys.modules.pop("colorsys", None)  # loaded when the hook started: loaded again, from here
    import colorsys

    return colorsys.SERVED


attempt(serve)
