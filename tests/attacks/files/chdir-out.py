# Attack: change the working directory to the outside folder, then read by a relative name
# Policy: files
# Expect: stopped
def move_and_read():
    os.chdir(OUTSIDE)
    return read("secret.txt")


attempt(move_and_read)
