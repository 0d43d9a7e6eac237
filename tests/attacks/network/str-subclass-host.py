# Attack: a str subclass host whose str() names an allowed host, while the socket connects to its real value
# Policy: hosts
# Expect: stopped
class Named(str):
    def __str__(self):
        return "127.0.0.2"

    def lower(self):
        return "127.0.0.2"

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def connect():
    import socket

    connection = socket.socket()
    connection.settimeout(5)
    connection.connect((Named("127.0.0.1"), PORT))
    return connection.recv(100)


attempt(connect)
