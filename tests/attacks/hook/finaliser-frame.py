# Attack: a finaliser that the garbage collector runs as the hook begins, or while it decides, rewrites the hook's running frame
# Policy: files
# Expect: stopped
# Gap: python 3.13+: from 3.12 a collection the program set off runs at the next check of the eval loop, which can be the hook's first line, and from 3.13 (PEP 667) writing a running frame's f_locals changes its variables; the finaliser finds the frame with sys._getframe. No Python hook can stop it; the C hook has no frame.
attempt(read_while_collecting)
