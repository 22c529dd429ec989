"""What graders stand on: the check API, gates, fixtures, the per-run state and the graders' contract."""
