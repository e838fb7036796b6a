"""Slots read off the dependency parse: the noun arguments of a trigger and the number expressions that
count them ("at least 20 protesters", "dozens of workers", "shot dead a Kolbar")."""

from __future__ import annotations

from spacy.tokens import Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.counts import between_range, count_from_tokens, merge_counts, number_value
from rasad.incidents.lexicon import given_names, lexicon, optional_words
from rasad.incidents.reporting import counted_subject_source, is_reporting, names_a_source
from rasad.incidents.records import Count
from rasad.incidents.triggers import Trigger, left_in_a_state, lemma


# Words that state a quantity without a digit (<lang>.yaml "words"): a noun that is one ("dozens", "several"),
# an adjective or determiner on the noun ("several protesters"), a noun before "of" ("tens of thousands").
def number_tokens(noun: Token) -> list[Token]:
    """The tokens of the number expression modifying ``noun`` (or ``noun`` itself when it is one)."""
    words = lexicon(noun.doc.lang_).word_set
    _QUANTITY_NOUNS, _QUANTITY_ADJECTIVES = words("quantity_nouns"), words("quantity_adjectives")
    _QUANTITY_DETERMINERS, _QUANTITY_NOUNS_OF = words("quantity_determiners"), words("quantity_nouns_before_of")
    if noun.like_num or noun.lower_ in _QUANTITY_NOUNS:
        toks = [noun] + [c for c in noun.children if c.dep_ in ("compound", "quantmod", "nummod") and c.i < noun.i]
        toks += [c for c in noun.subtree if c.like_num and c.i < noun.i]
        return sorted(set(toks), key=lambda t: t.i)
    for c in noun.children:
        # ("Eleven police officers were killed": the tagger may call a number word that opens the sentence an adjective)
        if c.dep_ == "nummod" or (c.dep_ == "amod" and (c.lower_ in _QUANTITY_ADJECTIVES or c.like_num and c.i < noun.i)) or (
            c.dep_ == "det" and c.lower_ in _QUANTITY_DETERMINERS
        ):
            toks = [c] + [g for g in c.subtree if g.i != c.i and g.dep_ in ("compound", "quantmod", "nummod", "cc", "conj")]
            return sorted(set(toks), key=lambda t: t.i)
        # "dozens of protesters": the quantity word heads the phrase
    # "12 women's rights activists": the parser hangs the figure on the possessive that opens the noun's phrase
    for c in noun.children:
        if c.dep_ == "poss" and c.i < noun.i and any(g.dep_ == "nummod" and g.i == c.left_edge.i or
                                                      g.dep_ == "nummod" and g.left_edge.i == c.left_edge.i
                                                      for g in c.children):
            return number_tokens(c)
    # "nine women's rights activists": the parser hangs the figure on the possessive that names the kind of person
    # (a plural possessive opening the noun's phrase, with no article of its own)
    poss = next((c for c in noun.children if c.dep_ == "poss" and c.tag_ == "NNS" and c.i < noun.i), None)
    if poss is not None and not any(c.dep_ == "det" for c in poss.children):
        figure = [c for c in poss.children if c.dep_ == "nummod" and c.like_num]
        if figure:
            return figure
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of":
        q = noun.head.head
        if q.like_num or q.lower_ in _QUANTITY_NOUNS_OF:
            return number_tokens(q)
    return _group_size(noun)


def _group_size(noun: Token) -> list[Token]:
    """"arrested a three-member team", "a four-man cell": the number of a group's size written before the noun (the
    parser may hang it on any word of the phrase, so the words left of the noun are read in order)."""
    sizes = optional_words(noun.doc, "group_size_words")
    left = [t for t in noun.subtree if t.i < noun.i]
    for k in range(2, len(left)):
        num, dash, size = left[k - 2], left[k - 1], left[k]
        if size.lower_ in sizes and dash.text in ("-", "\u2013") and num.like_num and num.i + 2 == size.i:
            return [num]
    return []


# <lang>.yaml "words": "not_one_person" ("a crowd" is not one person), "indefinite_articles" ("a protester": one),
# "partitive_prepositions" ("thousands of workers", "a group of")
def one_person(noun: Token, definite: bool = False):
    """'a protester', 'an activist' as the object of an act: a count of one (singular noun, indefinite);
    with ``definite`` (the noun is the act's own object) 'the driver', 'his bodyguard' too."""
    words = lexicon(noun.doc.lang_).word_set
    _NOT_ONE_PERSON, _INDEFINITE_ARTICLES = words("not_one_person"), words("indefinite_articles")
    _PARTITIVE_PREPOSITIONS = words("partitive_prepositions")
    _GROUP_NOUNS = words("group_nouns")  # "a member of the Basij": one person of a group
    # "wounding four officers and a passer-by": the parser may take the article itself for the second group
    if noun.lower_ in _INDEFINITE_ARTICLES and noun.dep_ == "conj" and noun.pos_ in ("PRON", "DET"):
        return Count(min=1, max=1, text=doc_text(noun.doc)[noun.idx:noun.right_edge.idx + len(noun.right_edge.text)])
    # "and wounded another", "another was wounded": one more person, the word standing for its noun
    _ONE_MORE = optional_words(noun.doc, "one_more_words")
    if noun.lower_ in _ONE_MORE and noun.pos_ in ("PRON", "DET") and \
            noun.dep_ in ("dobj", "nsubj", "nsubjpass", "conj") and not any(True for _ in noun.children):
        return Count(min=1, max=1, text=noun.text)
    # "killing one of them and injuring the other": the one person left of a pair (not "the others")
    if noun.lower_ in optional_words(noun.doc, "the_other_words") and \
            noun.dep_ in ("dobj", "nsubj", "nsubjpass", "conj") and [c.lower_ for c in noun.children] == ["the"]:
        return Count(min=1, max=1, text=doc_text(noun.doc)[noun.idx - 4:noun.idx + len(noun.text)])
    det = next((c for c in noun.children if c.dep_ == "det" and c.lower_ in _INDEFINITE_ARTICLES | _ONE_MORE),
               None)
    # "a women's rights activist": the parser hangs the article on the possessive before the noun
    edge = noun.left_edge
    if det is None and edge.dep_ == "det" and edge.lower_ in _INDEFINITE_ARTICLES and edge.head.dep_ == "poss" \
            and edge.head.head.i == noun.i:
        det = edge
    # "two officers were killed and a third was wounded": an ordinal standing for one more person
    if noun.ent_type_ == "ORDINAL" and det is not None and not any(c.dep_ == "prep" for c in noun.children):
        return Count(min=1, max=1, text=noun.doc.text[det.idx:noun.idx + len(noun.text)])
    if definite and noun.lower_ in optional_words(noun.doc, "one_person_pronouns"):
        return Count(min=1, max=1, text=noun.text)  # "killing him and his driver"
    if definite and noun.tag_ == "JJ" and "victim_age" in lexicon(noun.doc.lang_).patterns and \
            any(c.dep_ == "det" and c.lower_ in optional_words(noun.doc, "definite_articles") for c in noun.children) and \
            lexicon(noun.doc.lang_).regex("victim_age").fullmatch(
                doc_text(noun.doc)[noun.doc[noun.left_edge.i + 1].idx:noun.idx + len(noun.text)]):
        # "The 19-year-old was shot dead": one person, named by age
        return Count(min=1, max=1, text=doc_text(noun.doc)[noun.left_edge.idx:noun.idx + len(noun.text)])
    if definite and noun.tag_ == "NNP" and noun.is_title and noun.lower_ in given_names() and noun.doc.lang_ == "en" \
            and not any(c.dep_ in ("compound", "conj") for c in noun.children):
        # "Soran was hanged", "border guards shot dead Nika": a given name alone, the act's own object, is one
        # person (whatever label the tagger gave it; named victims need more than a given name)
        return Count(min=1, max=1, text=noun.text)
    if definite and noun.ent_type_ == "PERSON" and noun.tag_ == "NNP" and any(
            c.dep_ == "conj" and c.ent_type_ != "PERSON" and c.pos_ != "PROPN" for c in noun.children):
        # "Ismail Haniyeh and one of his bodyguards were killed": a named person joined to people who are counted
        # is one more (names alone are counted by their number, candidate._count_named_victims)
        return Count(min=1, max=1, text=noun.text)
    # "killing two officers and a passer-by": the tagger may take the first part of a hyphened noun for an adjective
    hyphened = noun.tag_ in ("JJ", "JJR") and noun.i + 2 < len(noun.doc) and noun.doc[noun.i + 1].text == "-" and \
        noun.dep_ in ("conj", "dobj", "nsubjpass")
    if hyphened and det is not None and det.lower_ in _INDEFINITE_ARTICLES:
        return Count(min=1, max=1, text=doc_text(noun.doc)[det.idx:noun.doc[noun.i + 2].idx + len(noun.doc[noun.i + 2])])
    if noun.tag_ not in ("NN", "NNP") or lemma(noun) in _NOT_ONE_PERSON:
        return None
    if lemma(noun) in optional_words(noun.doc, "figure_nouns"):
        return None  # "executed 975 people, the highest annual figure": a figure, not a person
    # "killing the driver", "wounded his bodyguard", "the father of X": a definite person is one too (a common
    # noun: "the Revolutionary Guards" is tagged otherwise)
    if det is None and definite and noun.tag_ == "NN":
        definite_articles = optional_words(noun.doc, "definite_articles")
        # "the father and brother of X": the article of the first noun serves the one joined to it
        owners = [noun, noun.head] if noun.dep_ == "conj" and noun.head.tag_ == "NN" else [noun]
        # ("the school's principal": a possessive noun makes it definite too, on the verb's first object: a second
        # one is the parser's slip, "arrested 60 people ..., the city's police chief, X, said")
        first_object = not any(s.dep_ == noun.dep_ and s.i < noun.i for s in noun.head.children)
        det = next((c for o in owners for c in o.children if (c.dep_ == "det" and c.lower_ in definite_articles)
                    or (c.dep_ == "poss" and (c.tag_ == "PRP$" or first_object and
                                              any(g.dep_ == "case" for g in c.children)))),
                   None)
    # "a group of" is not one person; "a member of the Basij", "the father of X", "the body of a shepherd" are
    if det is None or (any(c.dep_ == "prep" and c.lower_ in _PARTITIVE_PREPOSITIONS for c in noun.children)
                       and lemma(noun) not in _GROUP_NOUNS | words("kin") | optional_words(noun.doc, "body_words")):
        return None
    return Count(min=1, max=1, text=doc_text(noun.doc)[det.idx:noun.idx + len(noun.text)])


def pair_of_people(noun: Token, definite: bool = False) -> Count | None:
    """"detained a couple", "arrested the Baha'i couple X and Y" (the act's own object): two people (``pair_nouns``;
    not "a couple of days", a partitive; the parser may make the pair's word a modifier of the first name)."""
    pair = optional_words(noun.doc, "pair_nouns")
    if noun.tag_ == "NNP" and any(c.dep_ == "compound" and lemma(c) in pair for c in noun.children):
        det = next((c for c in noun.children if c.dep_ == "det"), None)
        return Count(min=2, max=2, text=doc_text(noun.doc)[det.idx:noun.idx + len(noun.text)]) \
            if det is not None and definite else None
    if lemma(noun) not in pair or noun.tag_ != "NN" or \
            any(c.dep_ == "prep" and c.lower_ in optional_words(noun.doc, "partitive_prepositions")
                for c in noun.children):
        return None
    det = next((c for c in noun.children if c.dep_ == "det"), None)
    if det is None or not definite and det.lower_ not in optional_words(noun.doc, "indefinite_articles"):
        return None
    return Count(min=2, max=2, text=doc_text(noun.doc)[det.idx:noun.idx + len(noun.text)])


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative clause holding the act is about, where its relative pronoun is who the act was done to
    ("the man, who was shot dead in X on Tuesday,": the man; "a student who was arrested at a rally"): None for a
    clause whose pronoun did the act ("the gunman, who killed two officers")."""
    if tok.dep_ != "relcl" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return None
    victim_subject = lemma(tok) in lexicon(tok.doc.lang_).word_set("victim_subject_triggers")
    for c in tok.children:
        if c.tag_ in ("WP", "WDT") and (c.dep_ in ("nsubjpass", "dobj") or c.dep_ == "nsubj" and victim_subject):
            return _person_not_place(tok.head) if c.lower_ == "who" else tok.head
    return None


def _person_not_place(noun: Token) -> Token:
    """"a shopkeeper from Bukan, who was shot dead": the parser may hang a clause of "who" on the town that ends the
    phrase; "who" is the person the phrase is about (the nearest noun above the town that names no place)."""
    spans = [(p.start, p.end) for p in (getattr(noun.doc._, "places", None) or [])]

    def a_place(t: Token) -> bool:  # spaCy's place entity, or a place part 1 found (spaCy may call a town a person)
        return t.ent_type_ in ("GPE", "LOC", "FAC") or any(a <= t.idx < b for a, b in spans)

    if not a_place(noun):
        return noun
    for anc in noun.ancestors:
        if anc.pos_ in ("NOUN", "PROPN") and not a_place(anc):
            return anc
        if anc.pos_ not in ("ADP", "NOUN", "PROPN"):
            break
    return noun


def done_to_an_object(tok: Token) -> bool:
    """A state word that completes an active verb with an object of its own ("shot dead a cleric", "beat
    unconscious a student"): the object is in that state, not the verb's subject."""
    verb = tok.head
    return tok.dep_ == "acomp" and verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBN", "VBG") and \
        any(c.dep_ == "dobj" and c.i > tok.i for c in verb.children) and \
        not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def arguments(tok: Token) -> list[Token]:
    """The noun arguments of a trigger: subject, object, passive subject, plus conjuncts."""
    _PARTITIVE_PREPOSITIONS = lexicon(tok.doc.lang_).word_set("partitive_prepositions")
    args = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
            args.append(c)
            args.extend(g for g in c.conjuncts)
            # "Zahedan, IRNA - A police officer was killed ...": a title-case dateline parsed as the subject, the
            # people harmed its apposition
            if c.pos_ == "PROPN" and c.ent_type_ in ("GPE", "LOC", ""):
                args.extend(a for a in c.children if a.dep_ == "appos" and a.pos_ == "NOUN")
    # "detained between five and seven nurses", "wounding between eight and ten people": the parser makes the
    # range's opener a preposition of the verb, the counted people its object
    args.extend(g for c in tok.children if c.dep_ == "prep" and c.lower_ in optional_words(tok.doc, "range_openers")
                for g in c.children if g.dep_ == "pobj" and (number_tokens(g) or any(n.like_num for n in g.children)))
    # "wounding four officers and a passer-by": the parser may join the article to the verb, not to the object
    if any(c.dep_ == "dobj" for c in tok.children):
        args.extend(c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("PRON", "DET")
                    and c.lower_ in lexicon(tok.doc.lang_).word_set("indefinite_articles"))
        # "detained the school's principal, Reza Amini, and four teachers": past a name set off by commas the parser
        # may join the next group of people to the verb too
        # (or to the first of two joined verbs: "beating students and detaining the director, X, and five students")
        owner = tok.head if tok.dep_ == "conj" and tok.head.pos_ == "VERB" else tok
        args.extend(c for c in owner.children if _a_group_joined_to_the_verb(c) and _verb_of_joined_group(c).i == tok.i)
    # "detaining its director, Molavi X, and five students": or to the name in apposition to the object
    args.extend(g for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for a in c.children
                if a.dep_ == "appos" and a.pos_ == "PROPN" for g in a.conjuncts if g.pos_ == "NOUN" and g.i > a.i)
    # "found the bodies of two men", "the bodies of three porters were returned": the people the bodies were
    bodies = optional_words(tok.doc, "body_words")
    args.extend(g for a in list(args) if lemma(a) in bodies or a.lower_ in bodies for p in a.children
                if p.dep_ == "prep" and p.lower_ in _PARTITIVE_PREPOSITIONS for g in p.children if g.dep_ == "pobj")
    # "Two members of PJAK and one Revolutionary Guard were killed": the parser joins the second counted group to the
    # name inside the first one's "of" phrase; it is one more group of the act's people
    args.extend(g for a in list(args) for g in _groups_joined_inside(a))
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    # "two policemen were killed and a third wounded": the ordinal the parser hung on the verb is its own subject
    stand_ins = [c for c in tok.children if c.dep_ in ("npadvmod", "advmod") and c.ent_type_ == "ORDINAL"]
    if stand_ins and tok.dep_ == "conj":
        args.extend(stand_ins)
        own_subject = True
    # a subject of its own that is not a relative pronoun ("who", "that" stand for the noun)
    named_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT") for c in tok.children)
    # (an adjective's subject is the parser's slip: "gunmen ... shot dead two members" with "dead" the members'
    # modifier and the gunmen its subject)
    # (not an active participle with an object: "an officer slapping a young woman": the noun is the doer)
    doer_noun = tok.dep_ == "acl" and tok.tag_ == "VBG" and any(c.dep_ == "dobj" for c in tok.children)
    if tok.dep_ in ("amod", "acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "NUM") and not doer_noun and (
            not named_subject or (tok.dep_ == "amod" and tok.pos_ == "ADJ")):
        # "20 killed protesters", "people killed in ...", "two protesters who were arrested"; not "a gunfight in
        # which four attackers were killed"
        args.append(tok.head)
        if lemma(tok.head) in optional_words(tok.doc, "listing_nouns"):
            # "the names of 14 citizens detained in Chabahar": the parser hangs the clause on the list, whose
            # people are after "of"
            args.extend(g for c in tok.head.children if c.dep_ == "prep" and c.lower_ in _PARTITIVE_PREPOSITIONS
                        for g in c.children if g.dep_ == "pobj")
    if tok.dep_ in ("acomp", "oprd", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX") and not (
            tok.dep_ == "conj" and own_subject):  # "two were killed and four others wounded": four wounded
        if tok.dep_ == "oprd" and lemma(tok.head) in optional_words(tok.doc, "leaving_verbs"):
            pass  # "an ambush left three soldiers dead": the subject is what left them so, not one of them
        elif done_to_an_object(tok):
            # "Two men shot dead a cleric" ("dead" the verb's complement): the object is the dead, the subject
            # the killers
            args.extend(c for c in tok.head.children if c.dep_ == "dobj")
        else:
            args.extend(c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass"))
        if tok.dep_ == "oprd":  # "leaving three soldiers dead": the object is who is dead (each group of it)
            args.extend(g for c in tok.head.children if c.dep_ == "dobj" for g in (c, *c.conjuncts))
    left = left_in_a_state(tok)
    if left is not None:
        # "leaving one border guard and two smugglers dead", "left two Guards and one militant dead": each group
        # left so (the word itself where it carries a figure: "one militant dead")
        args.extend(g for g in [left, *left.conjuncts] if g.i != tok.i or g.pos_ == "ADJ")
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ == "conj" and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children))
    if tok.tag_ in ("VBG", "VBD", "VBN") and not passive and not any(c.dep_ == "dobj" for c in tok.children):
        # "..., killing at least four people, the group said", "raided homes and arrested at least 25 people,
        # the network said": the parser hung the people on "said"
        for t in tok.doc[tok.i + 1: min(len(tok.doc), tok.i + 8)]:
            if t.dep_ == "nsubj" and is_reporting(t.head) and counted_subject_source(t) is not None:
                args.append(t)
                break
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and lemma(tok.head) in optional_words(tok.doc, "flogging_verbs"):
        # "was given 74 lashes": the figure counts lashes; the one flogged is the verb's (passive) subject or receiver
        args.extend(c for c in tok.head.children if c.dep_ in ("nsubjpass", "dative") or
                    c.dep_ == "nsubj" and lemma(tok.head) != "give")
    elif tok.pos_ == "NOUN":
        # "the deaths of 20 people", "20 deaths"
        args.append(tok)
        # "thousands of workers went on strike", "hundreds joined the protests"
        governor = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ == "dobj" else None
        if tok.dep_ == "pobj" and tok.head.lower_ in optional_words(tok.doc, "custody_entry_prepositions") and \
                governor.pos_ in ("VERB", "AUX"):
            # "took three students into custody", "were taken into custody": who is taken, not who takes
            args.extend(c for c in governor.children if c.dep_ in ("dobj", "nsubjpass"))
        elif governor is not None and tok.dep_ == "pobj" and \
                tok.head.lower_ in optional_words(tok.doc, "borne_harm_prepositions") and \
                lemma(tok) in optional_words(tok.doc, "borne_harm_nouns"):
            # "30 people were brought in with pellet wounds", "treated 14 people for gunshot wounds": who carries
            # the harm into care is the verb's object or passive subject (not its subject: the doctors), the
            # subject of a verb with neither ("two had survived with gunshot wounds"), or the people the phrase
            # hangs on
            if governor.pos_ == "VERB":
                carriers = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
                args.extend(carriers or [c for c in governor.children if c.dep_ == "nsubj"])
            elif governor.pos_ == "NOUN":
                args.append(governor)
        elif governor is not None and governor.pos_ == "VERB":
            args.extend(c for c in governor.children if c.dep_ == "nsubj")
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _PARTITIVE_PREPOSITIONS:
                args.extend(g for g in c.children if g.dep_ == "pobj")
        # "condemned the hanging on Saturday of X": the parser hangs "of X" on the day right after the noun (the day
        # on the noun or on its verb)
        after = [c for c in [*tok.children, *(tok.head.children if tok.dep_ == "dobj" else ())]
                 if c.dep_ == "prep" and c.i == tok.right_edge.i + 1 or c.head.i == tok.i and c.dep_ == "prep"]
        args.extend(p for c in after if c.lower_ not in _PARTITIVE_PREPOSITIONS
                    for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "DATE"
                    for o in g.children if o.dep_ == "prep" and o.lower_ in _PARTITIVE_PREPOSITIONS
                    for p in o.children if p.dep_ == "pobj")
        # "put the death toll at four", "the toll rose to 12": the figure hangs on the toll's verb
        if tok.lemma_.lower() in optional_words(tok.doc, "toll_nouns") and tok.head.pos_ in ("VERB", "AUX"):
            for c in tok.head.children:
                if c.dep_ == "prep" and c.lower_ in optional_words(tok.doc, "toll_prepositions"):
                    args.extend(g for g in c.children if g.dep_ == "pobj")
                    # "put the toll at three and blamed rioters": the parser hung the number elsewhere; the
                    # number right after the preposition is the figure
                    nxt = tok.doc[c.i + 1] if c.i + 1 < len(tok.doc) else None
                    if nxt is not None and nxt.like_num and nxt.head.i != c.i:
                        args.append(nxt)
    return args


# The count an act fills ("shot" is an injury, "detained" an arrest).
_ROLE_OF_ACT = {"killed": "killed", "injured": "injured", "shot": "injured", "beaten": "injured",
                "arrested": "arrested", "detained": "arrested", "executed": "killed"}


def _role_counted(trig: Trigger, acts: set[str]) -> str | None:
    """Which count the numbers around ``trig`` fill: the dead, injured or arrested of an act, the
    participants of a protest or strike, or none."""
    act = trig.kind if trig.is_act else None
    role = _ROLE_OF_ACT.get(act or "")
    if act == "shot" and "killed" in acts:
        role = "killed"
    if act in ("beaten", "injured") and _to_death(trig.head):
        role = "killed"  # "beat a Basij commander to death", "stabbed an officer to death": one of the dead
    if not trig.is_act and trig.kind in ("protest", "strike"):
        role = "participants"
    return role


def _to_death(tok: Token) -> bool:
    """The act is carried "to death" ("beat him to death"; <lang>.yaml "death_words")."""
    deaths = lexicon(tok.doc.lang_).word_set("death_words")
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(lemma(g) in deaths for g in c.children)
               for c in tok.children)


# the key in ``counted`` of the roles that only an event noun's article counted so far (no token has index -1)
_EVENT_ARTICLE = -1
# the key of ``counted`` that marks a figure of the doers' own dead (``the_doers_counted``)
_DOERS_DEAD = -2


def add_counts(counts: dict[str, Count], flags: set[str], trig: Trigger, acts: set[str],
               counted: dict[int, set[str]]) -> None:
    """Counts from the number expressions of the trigger's arguments, merged into ``counts``.

    ``counted`` (token index -> the counts it already gave) makes a number count once per kind of count:
    "two protesters who were arrested ... were killed" are two arrested and two killed, but "killed 20
    protesters" are not also 20 participants."""
    role = _role_counted(trig, acts)
    among = among_the_harmed(trig)
    if among is not None and role in ("killed", "injured"):
        # "Thirty-two security personnel were among the wounded": a part of the harmed, at least that many
        nums = number_tokens(among)
        count = count_from_tokens(nums) if nums and not taken_any(counted, nums) else None
        if count is not None and count.min is not None:
            counts[role] = counts.get(role) or Count(min=count.min, max=None, text=count.text)
            for t in nums:
                counted.setdefault(t.i, set()).add(role)
        return
    own = own_harm(trig)
    if own is not None and role in ("killed", "injured"):
        # "shot dead two judges ... by an assailant who then killed himself": the doer is one more of the dead,
        # added to the figure of the others (the caller counts such a trigger last), not a second figure for them
        mine = Count(min=1, max=1, text=own.text)
        counts[role] = sum_counts([counts[role], mine]) if counts.get(role) else mine
        counted.setdefault(own.i, set()).add(role)
        return

    def taken(tokens, role) -> bool:
        return any(role in counted.get(t.i, ()) or (role == "participants" and t.i in counted) for t in tokens)

    # "two of their members and four terrorists had been killed": groups joined by "and" add up (six dead);
    # figures for one group from two sides stay a range
    found: list[tuple[int, Count, bool]] = []  # (group, figure, from a singular noun)
    # "A gunman shot dead a shopkeeper" parsed with the shopkeeper under "dead": the objects of a phrase's other words
    extra = [g for t in trig.tokens if t.i != trig.head.i for g in t.children if g.dep_ in ("pobj", "dobj")]
    extra += thrown_at(trig)
    # "... and detained at least a dozen": a bare figure the parser hung on the act as a modifier is its object
    if trig.is_act and trig.head.pos_ == "VERB" and not any(c.dep_ in ("dobj", "nsubjpass") for c in trig.head.children):
        quantities = lexicon(trig.head.doc.lang_).word_set("quantity_nouns")
        extra += [c for c in trig.head.children if c.dep_ == "npadvmod" and c.ent_type_ not in ("DATE", "TIME")
                  and (c.like_num or c.lower_ in quantities)]
    for arg in arguments(trig.head) + extra:
        if _part_of_those_counted(arg) or _a_comment_after_a_dash(trig.head, arg):
            continue
        if lemma(arg) in optional_words(arg.doc, "lost_body_parts") and not number_tokens(arg):
            continue  # "three protesters lost an eye": the eye lost is no person harmed
        arg = _whose_bodies(arg)
        nums = number_tokens(arg)
        if nums and all(t.ent_type_ == "ORDINAL" for t in nums):
            nums = []  # "a third was wounded": no figure, maybe one person (one_person)
        # "An Israeli strike killed ...", "a gunman shot ...": the subject of an active act did it; no one of the harmed
        doer = trig.is_act and trig.head.pos_ == "VERB" and arg.dep_ == "nsubj" and arg.head.i == trig.head.i and \
            lemma(trig.head) not in lexicon(arg.doc.lang_).word_set("victim_subject_verbs") and \
            not elided_passive(trig.head)
        if not nums and role in ("killed", "injured", "arrested") and not taken([arg], role) and not doer:
            # "shot dead a Kolbar": one; "killing the driver" too, as the act's own object (not "put the
            # death toll at 10", "citing the governor's office")
            # (and one joined to it: "killing him and his driver", "detained the father and brother of X")
            of_act = arg.head if arg.dep_ == "conj" else arg
            # ("He died of his wounds": the subject of a verb whose subject is the harmed one, too)
            victim_subject = of_act.dep_ == "nsubj" and \
                lemma(trig.head) in lexicon(arg.doc.lang_).word_set("victim_subject_verbs")
            own = trig.is_act and trig.head.pos_ == "VERB" and of_act.head.i == trig.head.i and \
                (of_act.dep_ in ("dobj", "nsubjpass") or victim_subject) and not names_a_source(arg)
            # "the man, who was detained in X on Sunday, ...": the one the clause's pronoun stands for
            antecedent = relative_antecedent(trig.head) if trig.is_act else None
            own = own or antecedent is not None and antecedent.i == of_act.i
            single = pair_of_people(arg, definite=own) or one_person(arg, definite=own)
            if single is not None and arg.i == trig.head.i:
                # "Two men were hanged ... in a public execution": the article of the event noun itself counts one
                # event, not the people an act of the sentence counts; it stands only where none is counted
                if counts.get(role) is None:
                    counts[role] = single
                    counted.setdefault(_EVENT_ARTICLE, set()).add(role)
                continue
            if single is not None:
                counted.setdefault(arg.i, set()).add(role)
                found.append((_group_of(arg), single, True))
            continue
        if not nums or taken(nums, role):
            continue
        if doer and any(c.dep_ == "dobj" for c in trig.head.children):
            continue  # "Two men shot dead a cleric": the counted subject did it to the object
        # a number that is part of a date ("on 3 January") is not a count (but a range of people the tagger took
        # for one: "Between 30 and 40 people were detained", "between 12 and 15 students")
        ranged = arg.ent_type_ not in ("DATE", "TIME") and between_range(nums) is not None
        # ("killing 13 people and wounding 58": a bare figure, the act's own object, that the tagger took for a date
        # alone; not a year)
        ranged = ranged or _bare_figure_taken_for_a_date(arg, trig)
        if not ranged and any(t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL") for t in nums):
            continue
        if role is None:
            continue
        count = count_from_tokens(nums)
        if count is None:
            continue
        for t in nums:
            counted.setdefault(t.i, set()).add(role)
        found.append((_group_of(arg), count, False))
    groups: dict[int, list[tuple[Count, bool]]] = {}
    for key, count, single in found:
        groups.setdefault(key, []).append((count, single))
    # "killing 11 police officers, ..., adding that two of the attackers were also killed": further people
    also = trig.is_act and any(c.dep_ == "advmod" and c.lower_ in optional_words(trig.head.doc, "also_words")
                               for c in trig.head.children)
    # "killing five civilians ... before security forces shot dead three of the attackers": the doers' dead and
    # their victims' are the event's dead together (ACLED's fatalities are all sides'), not two figures for them
    doers = role == "killed" and trig.is_act and the_doers_counted(trig)
    for parts in groups.values():
        count = parts[0][0] if len(parts) == 1 else sum_counts([c for c, _ in parts])
        if role in counted.get(_EVENT_ARTICLE, ()):
            counted[_EVENT_ARTICLE].discard(role)
            counts.pop(role, None)  # the event noun's one gives way to the people counted
        other_side = counts.get(role) is not None and doers != (role in counted.get(_DOERS_DEAD, ()))
        if doers:
            counted.setdefault(_DOERS_DEAD, set()).add(role)
        if (also or other_side) and counts.get(role) is not None:
            counts[role] = sum_counts([counts[role], count])
            continue
        counts[role], contradictory = merge_counts(counts.get(role), count)
        if contradictory and not all(single for _, single in parts):
            flags.add("contradictory-counts")
    part = part_told_apart(trig) if trig.is_act and role in ("killed", "injured", "arrested") else None
    if part is not None and not taken(part, role):
        # "killed more than 40 people over the past week, six of them in Javanrud on Monday": the part with a place
        # of its own is the incident told here; the whole is a tally over many
        count = count_from_tokens(part)
        if count is not None:
            counts[role] = count
            for t in part:
                counted.setdefault(t.i, set()).add(role)


def the_doers_counted(trig: Trigger, deps: tuple[str, ...] = ("dobj", "nsubjpass")) -> bool:
    """The act's object or passive subject (``deps``) names the doers of the attack ("shot dead three of the
    attackers", "the gunmen were killed": a definite ``doer_back_nouns``, itself or after "of")."""
    doers = optional_words(trig.head.doc, "doer_back_nouns")
    for c in trig.head.children:
        if c.dep_ not in deps:
            continue
        nouns = [c, *(g for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj")]
        if any(lemma(n) in doers and any(d.dep_ == "det" and d.lower_ == "the" for d in n.children) for n in nouns):
            return True
    return False


def _bare_figure_taken_for_a_date(arg: Token, trig: Trigger) -> bool:
    """"wounding 58": a bare number that is the act's own object, tagged a date all by itself (a tagger's slip: no
    month, no day word, not a year)."""
    if not (arg.like_num and arg.dep_ in ("dobj", "nsubjpass") and arg.head.i == trig.head.i and arg.ent_type_ == "DATE"):
        return False
    ent = next((e for e in arg.doc.ents if e.start <= arg.i < e.end), None)
    return ent is not None and len(ent) == 1 and arg.text.isdigit() and len(arg.text) < 4


def part_told_apart(trig: Trigger) -> list[Token] | None:
    """The figure of a part of those counted told with a place or a day of its own: "N of them in <place>" hung on
    the act (the parser's npadvmod, appos or dep), or "including N on <day>" ("executed 354 people in the first five
    months, including 18 on Wednesday alone in prisons in Karaj ...")."""
    partitive = lexicon(trig.head.doc.lang_).word_set("partitive_prepositions")
    listing = optional_words(trig.head.doc, "listing_prepositions")

    def placed(num: Token, preps: tuple[str, ...]) -> bool:
        return any(p.dep_ == "prep" and p.lower_ in preps and any(
            o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "LOC", "FAC", "DATE") or o.pos_ == "PROPN")
            for o in p.children) for p in num.children)

    for c in trig.head.children:
        if c.dep_ == "prep" and c.lower_ in listing:
            num = next((o for o in c.children if o.dep_ == "pobj" and o.like_num), None)
            if num is not None and placed(num, ("on",)):
                return [num]
            continue
        if c.dep_ not in ("npadvmod", "appos", "dep") or not c.like_num:
            continue
        of_them = any(p.dep_ == "prep" and p.lower_ in partitive and
                      any(o.dep_ == "pobj" and o.pos_ == "PRON" for o in p.children) for p in c.children)
        if of_them and placed(c, ("in",)):
            return [c]
    return None


def thrown_at(trig: Trigger) -> list[Token]:
    """"threw acid at a journalist": an act whose phrase holds its own object, a thing thrown (``thrown_things``), is
    done to the one it was aimed at (``aimed_at_prepositions``' object on the act's verb); not "opened fire at a
    shrine" (where it was)."""
    head = trig.head
    thrown = optional_words(head.doc, "thrown_things")
    if not trig.is_act or head.pos_ != "VERB" or not any(
            c.dep_ == "dobj" and c in trig.tokens and lemma(c) in thrown for c in head.children):
        return []
    aimed = optional_words(head.doc, "aimed_at_prepositions")
    return [g for c in head.children if c.dep_ == "prep" and c.lower_ in aimed for g in c.children if g.dep_ == "pobj"]


def among_the_harmed(trig: Trigger) -> Token | None:
    """"Thirty-two security personnel were among the wounded", "Four children were among the dead": the subject of
    "be" + ``part_prepositions`` + the harmed is a part of them (its figure a floor of theirs, not a second figure)."""
    head = trig.head
    prep = head.head if head.dep_ == "pobj" else None
    verb = prep.head if prep is not None else None
    if prep is None or prep.lower_ not in optional_words(head.doc, "part_prepositions") or verb.lemma_ != "be":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def part_roles(live: list[Trigger], acts: set[str]) -> set[str]:
    """The counts the sentence gives only a part of ("Four children were among the dead": a floor of the dead)."""
    return {role for t in live if among_the_harmed(t) is not None for role in [_role_counted(t, acts)] if role}


def taken_any(counted: dict[int, set[str]], tokens: list[Token]) -> bool:
    return any(t.i in counted for t in tokens)


def elided_passive(verb: Token) -> bool:
    """"A soldier was killed and another injured": a bare participle joined to a passive verb is passive too, its
    "was" left out, so its subject is the one harmed, not the doer (the parser reads "another injured" as active)."""
    return verb.tag_ == "VBN" and verb.dep_ == "conj" and \
        not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children) and \
        any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.head.children)


def own_harm(trig: Trigger) -> Token | None:
    """The reflexive object of an act done by its doer to himself ("killed himself"), else None."""
    reflexive = optional_words(trig.head.doc, "reflexive_pronouns")
    return next((c for c in trig.head.children if c.dep_ == "dobj" and c.lower_ in reflexive), None) \
        if trig.is_act else None


def _whose_bodies(arg: Token) -> Token:
    """"found the bodies of three men": the counted owners of the bodies (after "of") are the dead counted, when
    the body word has no figure of its own; else ``arg``."""
    if lemma(arg) not in optional_words(arg.doc, "body_words") or number_tokens(arg):
        return arg
    owners = [g for p in arg.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
              if g.dep_ == "pobj" and number_tokens(g)]
    return owners[0] if owners else arg


def _a_comment_after_a_dash(head: Token, arg: Token) -> bool:
    """"wounding at least eight, according to HRANA — a sign that ...": a second object the parser hung on the act
    after a dash is the writer's comment on the event, not more people harmed (the act has its object before the
    dash)."""
    if arg.i <= head.i or arg.head.i != head.i or arg.dep_ not in ("dobj", "nsubjpass"):
        return False
    doc = head.doc
    dash = next((t for t in doc[head.i + 1:arg.i] if t.text in ("—", "–", "--")), None)
    return dash is not None and any(c.dep_ in ("dobj", "nsubjpass") and head.i < c.i < dash.i for c in head.children)


def _part_of_those_counted(arg: Token) -> bool:
    """"wounding three, one of them critically": a number of a pronoun after "of" is a part of the people
    already counted, not a second figure for them."""
    partitive = lexicon(arg.doc.lang_).word_set("partitive_prepositions")
    # (not the act's only object or subject: "killing two of them", "arrested seven of them" count those harmed)
    counted_before = any(c.dep_ == arg.dep_ and c.i < arg.i and c.like_num for c in arg.head.children)
    # "killing five people, among them a ten-year-old boy": the parser may make the one listed a second object of
    # the act; he is one of the five, not one more
    listing = optional_words(arg.doc, "listing_prepositions")
    earlier = [c for c in arg.head.children if c.dep_ == arg.dep_ and c.i < arg.i]
    # (the listing word on the one listed, or on the verb between the two objects)
    if earlier and (any(c.dep_ == "prep" and c.lower_ in listing for c in arg.children) or
                    any(c.dep_ == "prep" and c.lower_ in listing and earlier[0].i < c.i < arg.i
                        for c in arg.head.children)):
        return True
    of_them = arg.like_num and any(c.dep_ == "prep" and c.lower_ in partitive and
                                   any(g.dep_ == "pobj" and g.pos_ == "PRON" for g in c.children)
                                   for c in arg.children)
    # "35 protesters came to our hospital with pellet wounds; three of them lost an eye": fewer of them than a figure
    # told before in the sentence are a part of those, even as the subject of their own act
    # (not the object of the act: "detained four workers ..., injuring two of them" counts those injured)
    own = arg.dep_ in ("dobj", "nsubj", "nsubjpass") and not counted_before and \
        not (arg.dep_ == "nsubj" and _fewer_than_told_before(arg))
    return of_them and not own


def _fewer_than_told_before(arg: Token) -> bool:
    """A number smaller than a number told earlier in its sentence (not a date's)."""
    mine = number_value(arg.text, arg.doc.lang_)
    return mine is not None and any(
        t.like_num and t.ent_type_ not in ("DATE", "TIME", "ORDINAL") and (number_value(t.text, arg.doc.lang_) or 0) > mine
        for t in arg.sent if t.i < arg.i)


def _groups_joined_inside(noun: Token) -> list[Token]:
    """The counted nouns joined by "and" to the name inside ``noun``'s partitive phrase ("Two members of the group
    PJAK and one Revolutionary Guard": "Guard", joined to "PJAK"), when ``noun`` is itself counted: a group of its
    own beside ``noun``'s."""
    partitive = lexicon(noun.doc.lang_).word_set("partitive_prepositions")
    if not any(c.dep_ == "nummod" for c in noun.children):
        return []
    out = []
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in partitive:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            for name in (obj, *(c for c in obj.children if c.dep_ == "appos")):
                out.extend(c for c in name.conjuncts if c.i > name.i and any(g.dep_ == "nummod" for g in c.children))
    return out


def _owner_of_joined_group(arg: Token) -> Token | None:
    """The counted noun whose partitive phrase the parser joined ``arg`` into (``_groups_joined_inside``)."""
    node = arg
    for _ in range(6):
        node = node.head
        if node.i == node.head.i:
            return None
        if arg in _groups_joined_inside(node):
            return node
    return None


def _verb_of_joined_group(c: Token) -> Token:
    """The verb a group joined to a verb belongs to: the nearest before it of that verb and the verbs joined to it
    ("beating students and detaining the director, X, and five students": detaining)."""
    verbs = [c.head, *(v for v in c.head.children if v.dep_ == "conj" and v.pos_ == "VERB" and v.i < c.i)]
    return max(verbs, key=lambda v: v.i)


def _a_group_joined_to_the_verb(c: Token) -> bool:
    """A noun of people joined to the act's verb itself, not to its object: counted ("four teachers") or one
    ("a photographer"), with no verb role of its own."""
    if c.dep_ != "conj" or c.pos_ != "NOUN" or c.head.pos_ != "VERB" or \
            not any(o.dep_ == "dobj" and o.i < c.i for o in _verb_of_joined_group(c).children):
        return False
    if any(g.dep_ in ("nsubj", "nsubjpass", "dobj") for g in c.children):
        return False
    indefinite = lexicon(c.doc.lang_).word_set("indefinite_articles")
    return bool(number_tokens(c)) or any(g.dep_ == "det" and g.lower_ in indefinite for g in c.children)


def _group_of(arg: Token) -> int:
    """The first of the nouns joined to ``arg`` by "and" (their figures add up), else ``arg`` itself."""
    owner = _owner_of_joined_group(arg)
    if owner is not None:
        return _group_of(owner)
    if arg.dep_ == "conj" and arg.head.pos_ == "VERB" and (arg.pos_ in ("PRON", "DET") or
                                                            _a_group_joined_to_the_verb(arg)):
        # "wounding four officers and a passer-by" with the article joined to the verb: one more of its object
        # (so is a counted group joined to the verb past a name in commas: "the principal, X, and four teachers")
        verb = _verb_of_joined_group(arg) if arg.pos_ == "NOUN" else arg.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return _group_of(obj)
    conj = [arg, *arg.conjuncts]
    first = min(conj, key=lambda t: t.i)
    if first.i != arg.i and first.dep_ == "appos" and first.pos_ == "PROPN" and first.head.dep_ in ("dobj", "nsubjpass"):
        # "its director, Molavi X, and five students": joined to the name, one more group of the object
        return _group_of(first.head)
    partitive = lexicon(arg.doc.lang_).word_set("partitive_prepositions")
    if arg.i != first.i and (arg.like_num or arg.lower_ in lexicon(arg.doc.lang_).word_set("quantity_nouns")) and \
            not any(c.dep_ == "prep" and c.lower_ in partitive for c in arg.children):
        # "at least 35 people, and perhaps as many as 60": a second figure for them, not more people (but "X and
        # one of his bodyguards": more people)
        return arg.i
    joiners = optional_words(arg.doc, "adding_conjunctions")
    if len(conj) > 1 and any(c.dep_ == "cc" and c.lower_ in joiners for t in conj for c in t.children):
        return first.i
    # the parser may make both groups subjects of the verb ("two of their members and four terrorists had
    # been killed": "two" and "terrorists" each nsubjpass), with the "and" between them
    if arg.dep_ in ("nsubj", "nsubjpass"):
        subjects = [c for c in arg.head.children if c.dep_ == arg.dep_]
        if len(subjects) > 1 and any(arg.doc[k].lower_ in joiners and arg.doc[k].dep_ == "cc"
                                     for k in range(subjects[0].i + 1, subjects[-1].i)):
            return subjects[0].i
    return arg.i


def sum_counts(parts: list[Count]) -> Count:
    """The figure of groups told one after the other ("two ... and four ..."): their sum."""
    lo = sum(p.min or 0 for p in parts)
    hi = None if any(p.max is None for p in parts) else sum(p.max for p in parts)
    return Count(min=lo, max=hi, text=" + ".join(p.text or "" for p in parts))


def _figure_role(holder: Token) -> str | None:
    """Whose figure a noun of figures holds: "the dead", "the number of wounded", "the number killed", "the number
    of worshippers injured", "the death toll" (``figure_*_words``); None where it does not say ("the figure")."""
    doc = holder.doc
    roles = (("killed", optional_words(doc, "figure_dead_words")),
             ("injured", optional_words(doc, "figure_injured_words")),
             ("arrested", optional_words(doc, "figure_arrested_words")))
    words = [holder]
    for c in holder.children:
        if c.dep_ in ("acl", "amod", "compound", "relcl"):
            words.append(c)
        elif c.dep_ == "prep" and c.lower_ in optional_words(doc, "partitive_prepositions"):
            for g in c.children:
                if g.dep_ == "pobj":
                    words.append(g)
                    words.extend(a for a in g.children if a.dep_ in ("acl", "amod"))
    for w in words:
        for role, vocab in roles:
            if w.lower_ in vocab or lemma(w) in vocab:
                return role
    if holder.lemma_.lower() in optional_words(doc, "toll_nouns"):
        return "killed"  # "the toll rose to eight": a toll is of the dead
    return None


def stated_figures(sent) -> list[tuple[str | None, Count, bool, Token]]:
    """The figures a verb states on a noun of figures in ``sent`` ("put the number of wounded at 11", "estimated the
    dead at 12", "raised the toll to six", "corrected the figure to three"): (role or None where the noun does not
    say whose figure it is, the figure, whether the verb revises the figures told before, the verb). A running total ("raising
    the number of executions this year to 300", "since January") is none of these."""
    doc = sent.doc
    nouns, stating = optional_words(doc, "figure_nouns"), optional_words(doc, "figure_stating_verbs")
    revising = optional_words(doc, "figure_revising_verbs")
    preps = optional_words(doc, "toll_prepositions")
    spans = optional_words(doc, "total_since") | optional_words(doc, "total_words")
    partitive = optional_words(doc, "partitive_prepositions")
    out = []
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or lemma(verb) not in stating | revising:
            continue
        roles = optional_words(doc, "figure_dead_words") | optional_words(doc, "figure_injured_words") | \
            optional_words(doc, "figure_arrested_words")
        holder = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")
                       and (lemma(c) in nouns or c.lower_ in roles)), None)
        if holder is None:
            continue
        phrase = " " + " ".join(t.lower_ for t in verb.subtree if not is_reporting(t)) + " "
        if any(f" {w} " in phrase for w in spans):
            continue
        # "from 6 to 4": the last figure after "at" or "to" on the verb (or the number right after the preposition,
        # where the parser hung it elsewhere)
        figure = None
        # (the parser may hang "at 37" on the clause of the noun: "put the number treated at 37")
        clauses = [c for c in holder.children if c.dep_ in ("acl", "relcl")]
        # (or on the clause of the people after "of": "put the number of those held at five")
        clauses += [a for p in holder.children if p.dep_ == "prep" and p.lower_ in partitive
                    for g in p.children if g.dep_ == "pobj" for a in g.children if a.dep_ in ("acl", "relcl")]
        for c in [*verb.children, *(g for a in clauses for g in a.children)]:
            if c.dep_ == "prep" and c.lower_ in preps:
                num = next((g for g in c.children if g.dep_ == "pobj" and g.like_num), None)
                if num is None and c.i + 1 < len(doc) and doc[c.i + 1].like_num:
                    num = doc[c.i + 1]
                if num is not None:
                    figure = num
        if figure is None and lemma(verb) in revising:
            # "revised down the number ... from 6 to 4": the parser reads "6 to 4" as one range on "from"; the
            # figure after "to" is the revised one
            figure = next((doc[t.i + 1] for t in reversed(list(verb.subtree)) if t.lower_ in preps and t.i > holder.i
                           and t.i + 1 < len(doc) and doc[t.i + 1].like_num and doc[t.i - 1].like_num), None)
            # "revised down the number of people injured in Saturday's clashes between police and workers to 14 from
            # 40": the parser hung "to 14" on a noun of the people's clause; the first "to <number>" after the noun
            # of figures is the revised figure
            figure = figure or next((g for t in verb.subtree if t.lower_ in preps and t.dep_ == "prep" and t.i > holder.i
                                     for g in t.children if g.dep_ == "pobj" and g.like_num and
                                     g.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT")), None)
            if figure is not None:
                count = count_from_tokens([figure])
                if count is not None:
                    out.append((_figure_role(holder), count, True, verb))
            continue
        if figure is None:
            continue
        count = count_from_tokens(number_tokens(figure) or [figure])
        if count is not None:
            out.append((_figure_role(holder), count, lemma(verb) in revising, verb))
    return out
