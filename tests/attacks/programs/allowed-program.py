# Attack: none; the allowed program by its bare name, and the allowed whole command, must keep working
# Policy: programs
# Expect: allowed
import subprocess


def use():
    return subprocess.run(["true"]).returncode, os.system("echo hi >/dev/null")


attempt(use)
