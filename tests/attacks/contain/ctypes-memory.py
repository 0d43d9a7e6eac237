# Attack: reach native memory through ctypes, from which any hook can be removed
# Policy: contain, files
# Expect: stopped
def poke():
    import ctypes

    return ctypes.string_at(id(sys), 16)


attempt(poke)
