# Attack: none; pathlib's own reading and writing of a file inside the folder must keep working
# Policy: files
# Expect: allowed
import pathlib


def use():
    pathlib.Path("note.txt").write_text("kept")
    return pathlib.Path(INSIDE, "note.txt").read_text()


attempt(use)
