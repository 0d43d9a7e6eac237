# Attack: call the C library's system() through ctypes, under a hook that guards code it trusts
# Policy: programs
# Expect: stopped
# Gap: both all: native code runs where no audit event reaches: a hook that guards trusted code does not deny ctypes; the contain purpose denies every ctypes event
# Narrow: ctypes.dlopen, ctypes.dlsym, ctypes.call_function
import ctypes


def run():
    copied = os.path.join(INSIDE, "copied")
    ctypes.CDLL(None).system(("cat " + SECRET + " > " + copied).encode())
    return read(copied)


attempt(run)
