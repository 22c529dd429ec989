"""Every mutant and variant materialises: each ``edits`` text still occurs exactly once in its reference, so a
change to a reference solution that silently changes (or voids) a mutant is caught here, without Docker."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.grading_run import MUTANT_SPECS, VARIANT_SPECS, case_id, materialise

SPECS = [*MUTANT_SPECS, *VARIANT_SPECS]
EDITED = [path for path in SPECS if "edits" in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("spec_path", EDITED, ids=[case_id(path) for path in EDITED])
def test_edits_apply_once_and_change_the_reference(spec_path: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    root = materialise(spec_path.parent, spec, tmp_path)
    for edit in spec["edits"]:
        assert edit["replace"] != edit["with"]
        assert edit["with"] in (root / Path(spec["base"]).name / edit["file"]).read_bytes().decode("utf-8")


def test_an_edit_whose_text_is_gone_is_refused(tmp_path: Path) -> None:
    reference = tmp_path / "exercises" / "x"
    reference.mkdir(parents=True)
    (reference / "Dockerfile").write_text("FROM nginx\n", encoding="utf-8")
    spec = {"base": str(reference), "edits": [{"file": "Dockerfile", "replace": "FROM debian", "with": "FROM x"}]}
    with pytest.raises(AssertionError, match="occurs 0 times"):
        materialise(tmp_path, spec, tmp_path / "work")
