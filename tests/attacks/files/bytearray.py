# Attack: a bytearray path, which CPython took as a path before 3.12 and an older hook skipped as not a path
# Policy: files
# Expect: stopped
# Absent: 3.12+: CPython refuses a bytearray path itself
import warnings

warnings.simplefilter("ignore")


def bytearray_path():
    try:
        fd = os.open(bytearray(os.fsencode(SECRET)), os.O_RDONLY)
    except TypeError as error:
        outcome("absent", error)
    return os.read(fd, 100)


attempt(bytearray_path)
