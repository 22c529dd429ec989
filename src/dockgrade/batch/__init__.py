"""Grading a class: the roster, fetching repositories, the parallel batch, regrades and the class's outputs."""
