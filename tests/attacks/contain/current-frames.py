# Attack: take another thread's running frames, as they are while that thread is inside the hook
# Policy: contain, files
# Expect: stopped
attempt(lambda: len(sys._current_frames()))
