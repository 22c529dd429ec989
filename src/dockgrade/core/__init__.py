"""The foundation every layer stands on: errors, settings, messages, limits, bounded waits and I/O, results."""
