"""Docker under the grader's control: the sandbox and its cleanup, builds, the egress proxy and relays, probes, the
engines a batch uses.
"""
