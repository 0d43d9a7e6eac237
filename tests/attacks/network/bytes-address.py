# Attack: a bytes host in the address tuple, and an address of another family's shape
# Policy: hosts
# Expect: stopped
import socket


def connect():
    connection = socket.socket()
    connection.settimeout(5)
    connection.connect((b"127.0.0.1", PORT))
    return connection.recv(100)


attempt(connect)
