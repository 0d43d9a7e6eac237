# Attack: make a symlink inside the allowed folder to a file outside it, then read through it
# Policy: files
# Expect: stopped
def make_and_read():
    os.symlink(SECRET, "made")
    return read("made")


attempt(make_and_read)
