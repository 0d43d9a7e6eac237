# Attack: a shell command that starts with an allowed program and goes on to another
# Policy: programs
# Expect: stopped
import subprocess

attempt(lambda: subprocess.run("true && cat " + SECRET, shell=True, capture_output=True).stdout)
