# Attack: replace sys.audit, through which subprocess raises its only event before 3.14, then start a program
# Policy: programs
# Expect: stopped
# Gap: both -3.13: subprocess.Popen's event is raised through sys.audit, which a program can replace, and the program it starts raises no event of its own before 3.14 (_posixsubprocess.fork_exec)
# Issue: cpython#115322
import subprocess


def run():
    sys.audit = lambda *arguments: None
    return subprocess.run(["cat", SECRET], capture_output=True).stdout


attempt(run)
