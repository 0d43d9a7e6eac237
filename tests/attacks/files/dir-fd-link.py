# Attack: os.open a name relative to a folder descriptor where that name is a link out, and is not in the working directory
# Policy: files
# Expect: stopped
# Issue: cpython#116429
# --- setup ---
os.mkdir(os.path.join(INSIDE, "sub"))
os.symlink(SECRET, os.path.join(INSIDE, "sub", "only-here"))
# --- attack ---
def through_folder():
    folder = os.open("sub", os.O_RDONLY)
    return os.read(os.open("only-here", os.O_RDONLY, dir_fd=folder), 100)


attempt(through_folder)
