# Attack: read through a link whose relative target climbs out of the folder it sits in
# Policy: files
# Expect: stopped
# --- setup ---
os.mkdir(os.path.join(INSIDE, "deep"))
os.symlink(os.path.join("..", "..", os.path.basename(OUTSIDE), "secret.txt"), os.path.join(INSIDE, "deep", "link"))
# --- attack ---
attempt(lambda: read(os.path.join(INSIDE, "deep", "link")))
