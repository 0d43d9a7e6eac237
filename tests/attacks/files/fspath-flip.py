# Attack: an object whose __fspath__ names the secret when CPython converts it, and a file inside when the hook asks
# Policy: files
# Expect: stopped
import io


class Flip:
    calls = 0

    def __fspath__(self):
        Flip.calls += 1
        return SECRET if Flip.calls == 1 else os.path.join(INSIDE, "harmless.txt")


attempt(lambda: io.FileIO(Flip()).read())
