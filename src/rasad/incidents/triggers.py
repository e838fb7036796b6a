"""Event triggers: the words of a sentence that state an event happened ("protest", "drone strike") or an act
against persons ("kill", "shoot dead", "arrest"), with their kind. Ambiguous words are kept only in their
event sense ("March" the month, "dead end", "riot police")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token


# Trigger lemma (or lemma sequence) -> the kind of event it signals. Narrower than CUE_GROUPS: these are
# the words that *state* an event happened, not context words.
EVENT_TRIGGERS: dict[str, str] = {
    # protests
    "protest": "protest", "protester": "protest", "protestor": "protest", "demonstration": "protest",
    "demonstrator": "protest", "rally": "protest", "uprising": "protest", "sit-in": "protest", "sit - in": "protest",
    "march": "protest", "walkout": "protest", "picket": "protest", "vigil": "protest",
    "strike": "strike", "striker": "protest", "hunger strike": "protest", "demonstrate": "protest",
    "gathering": "protest", "rise up": "protest",
    # riots
    "riot": "riot", "rioter": "riot", "unrest": "riot", "lynch": "mob", "mob": "mob",
    # remote violence
    "airstrike": "air", "air strike": "air", "air raid": "air", "drone strike": "air", "drone attack": "air",
    "bombard": "air", "bombing": "bomb", "shelling": "artillery", "shell": "artillery", "rocket": "artillery",
    "missile": "artillery", "mortar": "artillery", "explosion": "bomb", "blast": "bomb", "bomb": "bomb",
    "grenade": "grenade", "suicide bomber": "suicide", "suicide bombing": "suicide", "ied": "bomb",
    "chemical attack": "chemical", "gas attack": "chemical",
    # battles
    "clash": "clash", "firefight": "clash", "gunfight": "clash", "ambush": "clash", "battle": "clash",
    # violence against civilians / other
    "attack": "attack", "raid": "raid", "abduct": "abduct", "kidnap": "abduct", "rape": "sexual",
    "loot": "property", "torch": "property", "set fire": "property", "set ablaze": "property",
}
ACT_TRIGGERS: dict[str, str] = {
    "kill": "killed", "murder": "killed", "slay": "killed", "massacre": "killed", "assassinate": "killed",
    "shoot dead": "killed", "gun down": "killed", "behead": "killed", "martyr": "killed",
    "die": "killed", "death": "killed", "dead": "killed", "fatality": "killed", "immortal": "killed",
    "injure": "injured", "wound": "injured", "injury": "injured", "maim": "injured", "blind": "injured",
    "shoot": "shot", "fire on": "shot", "open fire": "shot", "beat": "beaten",
    "arrest": "arrested", "detain": "detained", "detention": "detained", "round up": "arrested",
    "apprehend": "arrested", "imprison": "detained", "jail": "detained",
    "execute": "executed", "execution": "executed", "hang": "executed",
    "sentence": "sentenced", "torture": "tortured",
    "disappear": "disappeared", "disappearance": "disappeared", "abduct": "disappeared",
    "kidnap": "disappeared",
}
# "shot" and "beaten" are ways of harm, not acts of their own: they make an injury unless a death is said.
HARM_WAYS = {"shot", "beaten"}

# Words spaCy's lemmatiser gets wrong in these reports ("raped" -> "rap").
_LEMMA_FIXES = {"raped": "rape", "raping": "rape", "rapes": "rape"}


def lemma(tok: Token) -> str:
    return _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


@dataclass
class Trigger:
    tokens: list[Token]
    kind: str  # event kind ("protest", "air" ...) or act ("killed", "shot" ...)
    is_act: bool

    @property
    def head(self) -> Token:
        verbs = [t for t in self.tokens if t.pos_ == "VERB"]  # "shot dead" -> shot
        if verbs:
            return verbs[0]
        return self.tokens[-1] if self.tokens[-1].pos_ in ("NOUN", "VERB", "ADJ") else self.tokens[0]

    @property
    def text(self) -> str:
        doc = self.tokens[0].doc
        return doc.text[self.tokens[0].idx : self.tokens[-1].idx + len(self.tokens[-1].text)]


def find_triggers(sent: Span) -> list[Trigger]:
    """Event and act triggers of one sentence, longest match first, no token used twice."""
    toks = [t for t in sent if not t.is_space]
    lemmas = [lemma(t) for t in toks]
    used: set[int] = set()
    found: list[Trigger] = []
    for size in (3, 2, 1):  # 3: "sit - in", which spaCy cuts into three tokens
        for i in range(len(toks) - size + 1):
            if any(j in used for j in range(i, i + size)):
                continue
            key = " ".join(lemmas[i : i + size])
            if size == 1:
                key = key.replace("–", "-")
            for table, is_act in ((ACT_TRIGGERS, True), (EVENT_TRIGGERS, False)):
                kind = table.get(key)
                if kind is None:
                    continue
                tok = toks[i + size - 1]
                # "strike" as a labour strike only when not "air/drone strike" (caught above) and a noun/verb
                if key in ("march", "rally", "shell", "rocket", "missile", "bomb", "hang", "blind", "beat",
                           "dead", "death", "riot", "detain") and not _plausible(key, tok):
                    continue
                found.append(Trigger(toks[i : i + size], kind, is_act))
                used.update(range(i, i + size))
                break
    return found


# "riot police", "riot gear": words after "riot" that make it the state's, not a riot
_STATE_RIOT_WORDS = {"police", "policemen", "forces", "force", "unit", "units", "squad", "squads", "gear", "control",
                     "officers", "troops"}


def _plausible(key: str, tok: Token) -> bool:
    """Ambiguous trigger words: keep only their event sense."""
    if key == "march":
        return tok.pos_ in ("VERB", "NOUN") and not tok.text[0].isupper()  # "March" is a month
    if key == "rally":
        return tok.pos_ == "NOUN" or any(c.dep_ in ("prep", "npadvmod") for c in tok.children)
    if key == "hang":
        return tok.tag_ in ("VBN", "VBD") and (tok.dep_ == "auxpass" or any(c.dep_ == "auxpass" for c in tok.children)
                                               or tok.dep_ in ("ROOT", "conj", "relcl"))
    if key == "beat":
        return tok.pos_ == "VERB"
    if key in ("dead",):  # "found dead", "shot dead", "the dead"; not "a dead end"
        return tok.dep_ in ("acomp", "oprd", "advmod", "xcomp", "nsubj", "nsubjpass", "conj", "dobj", "pobj")
    if key == "death":
        return True
    if key == "blind":
        return tok.pos_ == "VERB"
    if key == "riot":  # "riot police", "riot gear" are the state's, not a riot
        following = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
        return following not in _STATE_RIOT_WORDS
    if key == "detain":  # "a detained woman": a state, not an arrest told here
        return tok.dep_ != "amod"
    return True
