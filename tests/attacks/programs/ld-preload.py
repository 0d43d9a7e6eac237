# Attack: start an allowed program with LD_PRELOAD set in its environment
# Policy: programs
# Expect: stopped
import subprocess

attempt(lambda: subprocess.run(["true"], env={"LD_PRELOAD": os.path.join(INSIDE, "evil.so")}).returncode)
