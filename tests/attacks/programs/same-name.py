# Attack: run another file named like an allowed program (uploads/true)
# Policy: programs
# Expect: stopped
# --- setup ---
with open(os.path.join(INSIDE, "true"), "w") as script:
    script.write("#!/bin/sh\ncat " + SECRET + "\n")
os.chmod(os.path.join(INSIDE, "true"), 0o755)
# --- attack ---
import subprocess

attempt(lambda: subprocess.run([os.path.join(INSIDE, "true")], capture_output=True).stdout)
