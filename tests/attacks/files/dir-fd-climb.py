# Attack: os.open a relative path with dir_fd, which the open event does not show, climbing out of the folder
# Policy: files
# Expect: stopped
# Issue: cpython#116429
def climb():
    os.mkdir("sub")
    folder = os.open("sub", os.O_RDONLY)
    # From the working directory, ../x/secret.txt would be another path; from sub it is the secret.
    fd = os.open(os.path.join("..", "..", os.path.basename(OUTSIDE), "secret.txt"), os.O_RDONLY, dir_fd=folder)
    return os.read(fd, 100)


attempt(climb)
