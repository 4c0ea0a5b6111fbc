"""Use cases: one function per business action. Each takes a Session owned by the caller."""
