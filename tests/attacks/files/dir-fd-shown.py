# Attack: os.mkdir with a dir_fd the event shows, climbing out of that folder
# Policy: files
# Expect: stopped
def climb():
    os.mkdir("sub")
    folder = os.open("sub", os.O_RDONLY)
    os.mkdir(os.path.join("..", "..", os.path.basename(OUTSIDE), "made"), dir_fd=folder)
    return os.path.isdir(os.path.join(OUTSIDE, "made"))


attempt(climb)
