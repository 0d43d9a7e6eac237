# Attack: connect to a host the list does not name
# Policy: hosts
# Expect: stopped
attempt(lambda: talk("127.0.0.1", PORT))
