"""Section 8's services beside its graders: the Cadastro Simples' frontend (nginx) and backend (node)."""

from __future__ import annotations

import pytest

from dockgrade import ComposeProject, Service, say


@pytest.fixture
def frontend(project: ComposeProject) -> Service:
    """The web service: the one called frontend, else the nginx one, else the one publishing port 80."""
    return Service.find(project, say("s9.role.frontend"), name="frontend", image="nginx", port=80)


@pytest.fixture
def backend(project: ComposeProject) -> Service:
    """The API service: the one called backend, else the node one (backend when there is neither)."""
    return Service(project, project.find_service(name="backend", image="node") or "backend")
