# Attack: an int subclass port whose str() names the allowed port, while the socket connects to its real value
# Policy: hosts on port 1
# Expect: stopped
class Port(int):
    def __str__(self):
        return "1"

    __repr__ = __str__

    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def connect():
    import socket

    connection = socket.socket()
    connection.settimeout(5)
    connection.connect(("127.0.0.1", Port(PORT)))
    return connection.recv(100)


attempt(connect)
