# Attack: list every object through the garbage collector, to find what the hook holds
# Policy: contain, files
# Expect: stopped
import gc

attempt(lambda: len(gc.get_objects()))
