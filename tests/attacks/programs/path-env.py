# Attack: start an allowed program by its bare name with a PATH that finds another file of that name first
# Policy: programs
# Expect: stopped
# --- setup ---
with open(os.path.join(INSIDE, "true"), "w") as script:
    script.write("#!/bin/sh\ncat " + SECRET + "\n")
os.chmod(os.path.join(INSIDE, "true"), 0o755)
# --- attack ---
import subprocess

attempt(lambda: subprocess.run(["true"], env={"PATH": INSIDE}, capture_output=True).stdout)
