# Attack: none; os.open of a relative name, and the fd-relative walk shutil.rmtree does, must keep working inside the folder
# Policy: files
# Expect: allowed
import shutil


def use():
    fd = os.open("made.txt", os.O_WRONLY | os.O_CREAT)
    os.close(fd)
    os.makedirs(os.path.join("tree", "deeper"))
    open(os.path.join("tree", "deeper", "leaf.txt"), "w").close()
    shutil.rmtree("tree")
    return sorted(os.listdir())


attempt(use)
