# Attack: none; with standard error closed, a report-only policy must still let the operation through
# Policy: files, report only
# Expect: allowed
def use():
    sys.stderr.close()
    os.close(2)
    return read(SECRET)


attempt(use)
