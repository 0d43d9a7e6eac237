# Attack: none; a symlink inside the folder to a file inside it, by a relative target, must keep working
# Policy: files
# Expect: allowed
def link():
    with open("note.txt", "w") as note:
        note.write("kept")
    os.symlink("note.txt", "link")
    return read("link")


attempt(link)
