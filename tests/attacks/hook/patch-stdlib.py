# Attack: patch what a hook might call to decide (fnmatch, os.path, os.fspath, str()) so that any path looks allowed
# Policy: files
# Expect: stopped
import fnmatch
import posixpath


def patch():
    inside = os.path.join(INSIDE, "harmless.txt")
    fnmatch.fnmatch = fnmatch.fnmatchcase = lambda *args: True
    posixpath.realpath = posixpath.abspath = posixpath.normpath = lambda path, *rest, **options: inside
    os.path.realpath = os.path.abspath = os.path.normpath = posixpath.realpath
    os.fspath = lambda path: inside
    os.fsdecode = os.fsencode = lambda path: inside
    return read(SECRET)


attempt(patch)
