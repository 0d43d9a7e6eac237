# Attack: set LD_PRELOAD in this process's environment, which the next child inherits
# Policy: programs
# Expect: stopped
import subprocess


def run():
    os.environ["LD_PRELOAD"] = os.path.join(INSIDE, "evil.so")
    return subprocess.run(["true"]).returncode


attempt(run)
