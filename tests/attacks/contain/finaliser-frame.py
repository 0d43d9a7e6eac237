# Attack: a finaliser that the garbage collector runs as the hook begins, or while it decides, rewrites the hook's running frame
# Policy: contain, files
# Expect: stopped
# Gap: python 3.13+: the contain purpose stops collections while the hook decides, but not one that runs at the hook's first line, before it can; from 3.13 (PEP 667) the finaliser rewrites the hook's variables there. Only the C hook, which has no frame, is out of its reach.
attempt(read_while_collecting)
