"""``rasad_canon`` for Persian: the actors' Persian aliases (``aliases_fa`` in ``data/actors.yaml``, the
same table as the English aliases) matched on folded forms.

The Persian pipeline's vocabulary gives every word its :func:`~rasad.languages.fa.normalise.fold` as its
NORM (``rasad.analysis.pipeline``), so a PhraseMatcher on NORM finds "خامنه‌ای", "خامنه ای", "خامنهاي"
alike: an alias written with a ZWNJ is also added with a space there. A folded alias claimed by two actors
is never used. Persian reports have no named-entity model: the entities are the actors' aliases only.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from rasad.analysis.canon import ActorResolver, _Candidate, get_actor_table
from rasad.languages.fa.normalise import fold, normalise


class PersianActors(ActorResolver):
    def __init__(self, nlp: Language, name: str) -> None:  # noqa: D107 - no English matchers to build
        self.name = name
        self.tokenizer = nlp.tokenizer
        table = get_actor_table()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.actor_of_key = {nlp.vocab.strings.add(actor_id): actor_id for actor_id in table.persian}
        owners: dict[str, set[str]] = {}
        for actor_id, aliases in table.persian.items():
            for alias in aliases:
                owners.setdefault(fold(alias), set()).add(actor_id)
        for actor_id, aliases in table.persian.items():
            patterns = []
            for alias in aliases:
                if len(owners[fold(alias)]) > 1:
                    continue
                for variant in dict.fromkeys([alias, alias.replace("\u200c", " ")]):
                    patterns.append(nlp.make_doc(normalise(variant).text))
            if patterns:
                self.matcher.add(actor_id, patterns)

    def _alias_candidates(self, doc: Doc) -> list[_Candidate]:
        return [_Candidate(doc[start:end], "ALIAS", self.actor_of_key[match_id])
                for match_id, start, end in self.matcher(doc)]


def make_component(nlp: Language, name: str) -> PersianActors:
    return PersianActors(nlp, name)
