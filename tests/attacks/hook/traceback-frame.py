# Attack: after a denial, walk its traceback to the hook's frame and rewrite what it holds
# Policy: files
# Expect: stopped
def rewrite():
    try:
        read(SECRET)
    except PermissionError as error:
        traceback = error.__traceback__
        while traceback is not None:
            frame = traceback.tb_frame
            for name in list(frame.f_locals):
                try:
                    frame.f_locals[name] = frozenset() if name in ("covered",) else None
                except Exception:
                    pass
            traceback = traceback.tb_next
    return read(SECRET)


attempt(rewrite)
