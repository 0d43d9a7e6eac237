# Attack: a str subclass program whose comparisons and str() say it is the allowed one
# Policy: programs
# Expect: stopped
import subprocess


class Named(str):
    def __str__(self):
        return "true"

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def __fspath__(self):
        return "true"


attempt(lambda: subprocess.run([Named("/bin/cat"), SECRET], capture_output=True).stdout)
