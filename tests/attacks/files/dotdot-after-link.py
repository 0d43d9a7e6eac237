# Attack: a path that goes down a linked folder and then up with .., which the OS resolves from the link's target
# Policy: files
# Expect: stopped
# --- setup ---
os.mkdir(os.path.join(OUTSIDE, "sub"))
os.symlink(os.path.join(OUTSIDE, "sub"), os.path.join(INSIDE, "door"))
# --- attack ---
# As text, door/.. is the allowed folder; the OS reads door's target first: OUTSIDE/sub/.. is OUTSIDE.
attempt(lambda: read(os.path.join(INSIDE, "door", "..", "secret.txt")))
