# Attack: read through a symlink inside the allowed folder that points outside it
# Policy: files
# Expect: stopped
# --- setup ---
os.symlink(SECRET, os.path.join(INSIDE, "link"))
# --- attack ---
attempt(lambda: read("link"))
