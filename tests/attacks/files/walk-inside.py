# Attack: none; walking the folder, with events no docs give a shape for (pathlib.Path.walk), must keep working
# Policy: files
# Expect: allowed
import pathlib


def walk():
    os.makedirs(os.path.join("a", "b"))
    found = [str(folder) for folder, _, _ in os.walk(".")]
    if hasattr(pathlib.Path, "walk"):
        found += [str(folder) for folder, _, _ in pathlib.Path(".").walk()]
    return sorted(found)


attempt(walk)
