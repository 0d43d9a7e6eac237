# Attack: replace sys.stderr with an object whose write runs while the hook reports, and reads the secret there
# Policy: files, environment changes logged
# Expect: stopped
stolen = []


class Stream:
    def write(self, text):
        try:
            stolen.append(read(SECRET))
        except Exception:
            pass
        return len(text)

    def flush(self):
        pass


def blind():
    sys.stderr = Stream()
    os.environ["AUDIT_ATTACK"] = "logged"  # os.putenv: the policy logs it
    if stolen:
        return stolen[0]
    # Nothing was read while reporting: the attack comes down to a plain read.
    return read(SECRET)


attempt(blind)
