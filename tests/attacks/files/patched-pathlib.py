# Attack: patch pathlib so that a path object names the secret to CPython and a file inside to the hook
# Policy: files
# Expect: stopped
import io
import pathlib

calls = []


def flip(self):
    calls.append(1)
    return SECRET if len(calls) == 1 else os.path.join(INSIDE, "harmless.txt")


pathlib.PurePath.__fspath__ = flip
attempt(lambda: io.FileIO(pathlib.Path(INSIDE, "harmless.txt")).read())
