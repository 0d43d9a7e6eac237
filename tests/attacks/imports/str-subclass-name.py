# Attack: import a module by a str subclass whose comparisons say it is an allowed name
# Policy: modules
# Expect: stopped
class Liar(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def startswith(self, *args):
        return True


attempt(lambda: __import__(Liar("csv")).__name__)
