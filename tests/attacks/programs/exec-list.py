# Attack: swap the program subprocess hands to _posixsubprocess.fork_exec after Popen's own event named an allowed one
# Policy: programs
# Expect: stopped
# Gap: both -3.13: _posixsubprocess.fork_exec raises no audit event before 3.14, so its exec_list is never seen
# Issue: cpython#115322
import _posixsubprocess
import subprocess

real = _posixsubprocess.fork_exec


def swapped(args, executable_list, *rest):
    # The child runs the first of executable_list it can, with args as its argv.
    return real(args, [b"/bin/cat"], *rest)


_posixsubprocess.fork_exec = swapped
subprocess._fork_exec = swapped
attempt(lambda: subprocess.run(["true", SECRET], capture_output=True).stdout)
