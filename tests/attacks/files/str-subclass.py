# Attack: a str subclass path whose methods answer as a path inside the folder would
# Policy: files
# Expect: stopped
class Liar(str):
    def startswith(self, *args):
        return True

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def __fspath__(self):
        return os.path.join(INSIDE, "harmless.txt")

    def __str__(self):
        return os.path.join(INSIDE, "harmless.txt")


attempt(lambda: read(Liar(SECRET)))
