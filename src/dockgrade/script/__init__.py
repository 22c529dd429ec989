"""The run.sh interpreter: parse a student's docker commands, run them in the sandbox, and the questions graders
ask of what they did.
"""
