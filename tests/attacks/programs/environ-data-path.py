# Attack: change os.environ's PATH without an event (its _data), so that a bare allowed name finds another file
# Policy: programs
# Expect: stopped
# --- setup ---
with open(os.path.join(INSIDE, "true"), "w") as script:
    script.write("#!/bin/sh\ncat " + SECRET + "\n")
os.chmod(os.path.join(INSIDE, "true"), 0o755)
# --- attack ---
import subprocess


def run():
    os.environ._data[b"PATH"] = INSIDE.encode()
    return subprocess.run(["true"], capture_output=True).stdout


attempt(run)
