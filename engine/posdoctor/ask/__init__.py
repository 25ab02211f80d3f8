"""The help-desk conversation without I/O: the session (questions, answers, the fix loop), when
to stop asking (stopping), and saved sessions (store)."""
