# Attack: follow the garbage collector's references from an object to what it holds
# Policy: contain, files
# Expect: stopped
import gc

attempt(lambda: len(gc.get_referents(sys.modules)))
