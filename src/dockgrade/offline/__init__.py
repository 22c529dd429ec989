"""Images without a registry: the stand-in recipes, their bases built from Debian packages, and which image a
reference means here.
"""
