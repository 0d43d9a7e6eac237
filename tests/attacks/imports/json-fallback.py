# Attack: none; an allowed module whose optional accelerator is not allowed must still import, falling back
# Policy: modules
# Expect: allowed
def use():
    import json

    try:
        import _csv  # not allowed: an ImportError, which a program can catch
    except ImportError:
        pass
    return json.dumps({"kept": True})


attempt(use)
