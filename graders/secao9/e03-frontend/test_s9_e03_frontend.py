"""s9-e03 a camada de front-end: o formulário do E-mail Sender servido pelo nginx."""

from __future__ import annotations

import re

from dockgrade import Service, body, check, compose_up_gate, expect, expect_equal, say

EXERCISE = "s9-e03-frontend"
# The fields are the contract with the app; the title and input-vs-textarea vary among students, and a project
# translated to English names them subject and message.
FORM = {
    "<form>": re.compile(r"<form", re.IGNORECASE),
    'name="assunto"': re.compile(r"""name\s*=\s*["']?(assunto|subject)\b""", re.IGNORECASE),
    'name="mensagem"': re.compile(r"""name\s*=\s*["']?(mensagem|message)\b""", re.IGNORECASE),
}


test_up = compose_up_gate()


@check(points=3)
def test_serves_form(frontend: Service) -> None:
    """o frontend serve o formulário do E-mail Sender com os campos assunto e mensagem"""
    response = frontend.get("/", port=frontend.web_port())
    expect_equal(response.status_code, 200, say("s5.http_status", path="/"))
    missing = [label for label, pattern in FORM.items() if not pattern.search(body(response))]
    expect(not missing, say("s9.form_missing", items=", ".join(missing)))
