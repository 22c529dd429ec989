"""Compose projects: which compose this machine has, what a project may not do, running one, the questions graders
ask, and the final projects of sections 8 and 9.
"""
