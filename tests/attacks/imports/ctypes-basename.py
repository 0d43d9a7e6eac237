# Attack: load one's own copy of a native library whose name the list allows
# Policy: modules
# Expect: stopped
# --- setup ---
import ctypes.util
import shutil

name = ctypes.util.find_library("z")
for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib"):
    if os.path.exists(os.path.join(folder, name)):
        shutil.copy(os.path.join(folder, name), os.path.join(INSIDE, "libz.so.1"))
        break
# --- attack ---
import ctypes

attempt(lambda: ctypes.CDLL(os.path.join(INSIDE, "libz.so.1")).zlibVersion is not None)
