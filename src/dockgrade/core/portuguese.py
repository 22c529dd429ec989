"""Portuguese words in a text meant to be English: a heuristic to catch untranslated feedback.

A word counts as Portuguese when it has a letter English never uses (``ã õ ç á é í ó ú â ê ô à``) or is one
of ``WORDS``, frequent Portuguese words that are not everyday English ("esperado", "obtido", "pasta", "dica";
"a", "do", "no", "use" are left out since English has them).

Only prose is looked at. A whitespace-separated token holding a digit or one of ``-_./:=@$#~\\`` is a name (a
path, a folder like ``primeiro-build``, an image, an exercise id, ``conteudo.html``) and is skipped: names are
the student's or the course's and stay as they are in every language. So is quoted text (``"…"``, ``'…'``,
`` `…` ``, ``“…”``): the feedback quotes what it cites verbatim (the body of a page the student wrote, a line
of their output, the content the course asks for), which is no sentence of ours. Anything else the caller
knows to be verbatim (a log tail) it leaves out, or names in ``ignore``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ACCENTED = frozenset("ãõçáéíóúâêôà")
# Frequent in the grader's Portuguese and not everyday English (so "a", "do", "no", "use" are out), nor names
# the course gives things (section 9's network "banco", its form field "mensagem"), which English feedback cites.
_WORD_LIST = """
    acesso adicione ainda aluno antes ao aos aparecem arquivo arquivos com comando comandos como confira
    conteudo corrigido da das de dentro depois deve deveria dica dos ela ele em encontrada encontrado entregue
    erro escuta escutando esgotado esperado esperava esta este executada executado falharam falhou falta faltam
    fila foi forma grava imagem imagens linha linhas lista mas mesmo mostra nas nenhum nenhuma nos obtido ou
    para passou pasta pastas pela pelo perderam pontos porta portas precisa publicadas quando rede redes
    reinicia removidos respondeu resposta resultado reutiliza roda rodando rode sao sem servico servidor seu sua
    superado tem turma um uma usa veja verifique voce
"""
WORDS = frozenset(_WORD_LIST.split())
# A quote opens after a non-letter and closes before one, so the apostrophe of "container's" opens nothing.
_QUOTED = re.compile(r"(?<!\w)(?:\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|“[^”\n]*”)(?!\w)")
_NAME = re.compile(r"[\d\-_./:=@$#~\\]")
_EDGES = "\"'`«»“”‘’()[]{}<>,;:!?.…*"


def words(text: str, ignore: Iterable[str] = ()) -> list[str]:
    """The Portuguese words of ``text``'s prose, in order, except those in ``ignore`` (case-insensitive)."""
    ignored = {word.casefold() for word in ignore}
    found = []
    for token in _QUOTED.sub(" ", text).split():
        word = token.strip(_EDGES)
        lowered = word.casefold()
        if not word or _NAME.search(word) or lowered in ignored:
            continue
        if lowered in WORDS or not ACCENTED.isdisjoint(lowered):
            found.append(word)
    return found
