"""The course: its exercises (read from the graders' exercise.yml), assignments, and where each exercise is in a
student's repository.
"""
