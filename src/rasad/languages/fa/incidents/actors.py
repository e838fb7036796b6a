"""The actors of a Persian sentence: the forces, groups and people its actor words name, and their roles."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rasad.incidents.actors import INTER_STATE
from rasad.languages.fa.incidents.common import BOUNDARY, Found, SEP, _hamza_free, vocab


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    inter: int


def actor_mentions(text: str, lo: int = 0, hi: int | None = None) -> list[ActorMention]:
    """Actor words in ``text[lo:hi]`` with their ACLED inter codes (the first type that matches wins, longest
    phrase first; no character twice); actor words written together by ezafe are one actor ("مامور نیروی
    انتظامی", "ماموران یگان ویژه"), of the state when one of them is."""
    found: list[ActorMention] = []
    for code, pattern in vocab().actors:
        if pattern is None:
            continue
        for m in pattern.finditer(text, lo, len(text) if hi is None else hi):
            if vocab().formant_after.match(text, m.end()):
                continue  # "سپاهی‌زاده"، "سربازپور": a compound family name, not the force its first part names
            if not any(m.start() < a.end and a.start < m.end() for a in found):
                found.append(ActorMention(m.start(), m.end(), m.group(), code))
    out: list[ActorMention] = []
    for a in sorted(found, key=lambda a: a.start):
        prev = out[-1] if out else None
        if prev is not None and not text[prev.end:a.start].strip():
            inter = INTER_STATE if INTER_STATE in (prev.inter, a.inter) else prev.inter
            out[-1] = ActorMention(prev.start, a.end, text[prev.start:a.end], inter)
        else:
            out.append(a)
    return out


@functools.lru_cache(maxsize=4096)
def _resolve(name: str) -> str | None:
    try:
        from rasad.analysis.canon import resolve_actor

        actor = resolve_actor(name)
    except Exception:  # the canon is another part; incidents work without it
        return None
    return actor.id if actor is not None else None


def _role_of(text: str, a: ActorMention, f: Found, clause_start: int, subject: bool,
             dates: list[tuple[int, int]] = ()) -> str:
    """What an actor named in an act's clause is to the act: its doer or the one it was done to. ``subject``:
    the actor is the clause's first unmarked one (Persian opens the clause with its subject). A time between an
    event noun and its doer ("حمله مسلحانه شامگاه دوشنبه افراد ناشناس"; ``dates``) does not part them."""
    v = vocab()
    before = text[max(clause_start, a.start - 40):a.start]
    after = text[a.end:a.end + 6]
    # "توسط ماموران", "با شلیک مستقیم نیروهای امنیتی", "در حمله افراد ناشناس": an agent, up to two words between
    agent = r"(?:" + v.agent_markers.pattern + r")(?:" + SEP + r"[^\W\d_][\w\u200c]*){0,2}" + SEP + r"$"
    if v.agent_markers and re.search(agent, before + " "):
        return "perpetrator"
    if a.end <= f.start and _a_clash_side(text, a, clause_start):
        return "other"  # "درگیری مسلحانه میان مرزبانان و ... دو مرزبان را کشت": a side of the clash, not its subject
    if f.label in _ATTACKS and a.end <= f.start and re.match(r"\s*مسئولیت\s*$", text[a.end:f.start]):
        return "perpetrator"  # "جیش‌العدل مسئولیت حمله ... را بر عهده گرفت": who claimed the attack
    between = "".join(" " if any(d0 <= i < d1 for d0, d1 in dates) else c
                      for i, c in enumerate(text[f.end:a.start], f.end)) if a.start >= f.end else ""
    if (f.nominal and f.is_act and a.start >= f.end and _PASSIVE_NOUN.match(text, f.end)
            and len(between.split()) <= 2 and not BOUNDARY.search(text, f.end, a.start) and not _AND.search(between)):
        return "target"  # "کشته شدن چهار مامور": the ezafe of a passive act's noun is the one it befell
    if (f.nominal and (f.is_act or f.label in _ATTACKS) and a.start >= f.end
            and len(between.split()) <= 2 and not BOUNDARY.search(text, f.end, a.start)
            and not _AND.search(between)  # "کشته و یک مامور دیگر زخمی شد": "و" joins another clause, no ezafe
            and not (v.target_markers and v.target_markers.match(between.lstrip()))  # "تیراندازی به یک خودروی گشت"
            # (a noun pointing back takes no ezafe: "در این حمله دو سرباز جان باختند": the soldiers are the
            # dead, the subject of the clause after it, not the attack's doers)
            and not (v.back_reference and v.back_reference.search(text, max(0, f.start - 8), f.start))):
        return "perpetrator"  # ezafe: "شلیک ماموران", "تیراندازی نیروهای امنیتی", "حمله افراد مسلح"
    if (f.nominal and f.label in _ATTACKS and a.start >= f.end and len(between.split()) <= 3
            and not BOUNDARY.search(text, f.end, a.start) and v.target_markers
            and v.target_markers.match(between.lstrip())):
        return "target"  # "مسئولیت حمله روز دوشنبه به پاسگاه مرزی ... را بر عهده گرفت": the post attacked
    if a.start > f.end:
        return "other"
    if v.object_marker and v.object_marker.match(after.lstrip() + " "):
        return "target"
    if v.target_markers and re.search(r"(?:" + v.target_markers.pattern + r")" + SEP + r"$", before + " "):
        return "target"
    if f.verb is not None and f.verb in v.active:
        return "perpetrator" if subject else "target"  # "ماموران ... سه فعال را بازداشت کردند"
    if f.verb is None and f.is_act and re.search(r"(?<![\w\u200c])را\s+$", text[max(0, f.start - 5):f.start]):
        # a participle with its object marked, its verb shared with the next clause ("ماموران ... ده کارگر را مصدوم و
        # چهار نفر را بازداشت کردند"): done by the subject
        return "perpetrator" if subject else "target"
    if f.verb is not None or f.is_act:
        return "target"  # "یک مامور ... به شهادت رسید", "سه معترض کشته شدند"
    return "other"


def _a_clash_side(text: str, a: ActorMention, clause_start: int) -> bool:
    """Whether the actor is one of the sides named after a clash noun ("درگیری مسلحانه میان مرزبانان ایران و ..."):
    the clash is then the subject of the clause's verb."""
    return bool(vocab().clash_sides.search(text, max(clause_start, a.start - 60), a.start))


_AND = re.compile(r"(?<![\w\u200c])و(?![\w\u200c])")
_PASSIVE_NOUN = re.compile(r"[\s\u200c]*(?:شدن|گردیدن)(?![\w\u200c])")  # "کشته شدن": a passive act's noun
# the event kinds whose noun takes its doer by ezafe ("حمله افراد مسلح", "بمباران جنگنده‌ها")
_ATTACKS = {"attack", "raid", "air", "bomb", "artillery", "grenade", "suicide", "chemical", "property", "sexual"}
# the acts and events of someone firing on or attacking people (a death or a wound alone says no one did it)
_FIRED_ON = {"shot", "attack", "raid"}


def _is_actor(text: str, span: tuple[int, int]) -> bool:
    """Whether the phrase at ``span`` holds the words of a force ("نیروی انتظامی", "سپاه"; ACLED inter 1-4: state
    forces, rebels, militias): no person's name. Civilian and protester words are not counted: a surname may
    hold one ("وکیلی", with "وکیل", lawyer)."""
    return any(a.start < span[1] and span[0] < a.end and a.inter in (1, 2, 3, 4)
               for a in actor_mentions(_hamza_free(text), span[0], span[1]))
