"""Generic English cue words for ACLED event types and acts against persons.

Written by hand for Rasad from general knowledge of how news reports word these events and from the
ACLED codebook's category definitions (not derived from any evaluation file or registry). They serve
two purposes: trigger words for the incident extractor (matched on spaCy lemmas) and a few dense
features for the event-type classifier (``rasad.incidents.typing``).

Each value is a list of lower-case lemma sequences; a multi-word cue matches consecutive lemmas.
"""

from __future__ import annotations

# cue group -> phrases (lemmatised, lower case)
CUE_GROUPS: dict[str, list[str]] = {
    # --- protests and riots
    "protest": ["protest", "protester", "protestor", "demonstration", "demonstrator", "rally", "march",
                "sit - in", "sit-in", "strike", "striker", "walkout", "uprising", "picket", "gather",
                "gathering", "chant", "slogan", "placard", "banner", "boycott", "vigil", "hunger strike"],
    "crowd_control": ["tear gas", "teargas", "water cannon", "baton", "disperse", "rubber bullet", "pellet",
                      "stun grenade", "pepper spray", "lathi", "lathicharge", "lathi - charge", "crackdown",
                      "break up", "beat", "detain", "arrest"],
    "lethal_force": ["live ammunition", "live fire", "open fire", "fire on", "shoot dead", "gun down",
                     "kill", "killed", "bullet", "massacre", "sniper"],
    "rioting": ["riot", "rioter", "stone", "throw stone", "pelt", "torch", "set fire", "set ablaze",
                "vandalise", "vandalize", "ransack", "clash", "loot", "burn", "mob", "hurl", "petrol bomb",
                "molotov", "smash"],
    "mob": ["mob", "lynch", "lynching", "vigilante", "villager", "communal", "angry crowd", "beat to death"],
    # --- violence against civilians
    "abduction": ["abduct", "abduction", "kidnap", "kidnapping", "kidnapper", "hostage", "disappear",
                  "disappearance", "missing", "whereabouts", "forcibly disappear", "enforced disappearance",
                  "ransom"],
    "sexual_violence": ["rape", "raped", "sexual", "sexually", "molest", "gang - rape", "assault sexually",
                        "sexual assault", "sexual violence"],
    "attack_civ": ["stab", "hack", "behead", "gun down", "shoot", "execute", "civilian", "villager",
                   "murder", "assassinate", "assassination", "attack", "gunman", "massacre"],
    # --- explosions / remote violence
    "air": ["airstrike", "air strike", "air raid", "airstrikes", "drone", "warplane", "jet", "fighter jet",
            "helicopter", "gunship", "aircraft", "bomber", "aerial", "air force", "bombard", "sortie"],
    "artillery": ["shell", "shelling", "mortar", "artillery", "rocket", "missile", "howitzer", "barrage",
                  "projectile", "katyusha", "launcher"],
    "chemical": ["chemical", "chlorine", "sarin", "toxic gas", "poison gas", "nerve agent", "mustard gas",
                 "gas attack", "suffocation", "chemical weapon"],
    "grenade": ["grenade", "hand grenade", "lob", "hurl"],
    "ied": ["ied", "improvised explosive", "roadside bomb", "landmine", "land mine", "mine", "car bomb",
            "explosive device", "remote", "detonate", "blast", "explosion", "explode", "bomb", "booby"],
    "suicide": ["suicide", "suicide bomber", "suicide bombing", "blow himself", "blow herself",
                "explosive vest", "suicide vest", "self - detonate", "bomber"],
    # --- battles and territory
    "armed_clash": ["clash", "fight", "fighting", "firefight", "gunfight", "exchange fire", "exchange of fire",
                    "battle", "ambush", "encounter", "skirmish", "offensive", "combat"],
    "state_forces": ["army", "troops", "soldier", "military", "police", "security force", "government force",
                     "regime force", "armed force", "pro - government", "forces loyal", "marine",
                     "national guard", "irgc", "revolutionary guard", "revolutionary guards", "guards corps", "basij",
                     "special force", "officer",
                     "gendarmerie", "commando", "paramilitary", "coalition"],
    "non_state": ["militant", "rebel", "insurgent", "jihadist", "terrorist", "islamic state", "isis", "isil",
                  "daesh", "taliban", "al - shabaab", "al-shabaab", "boko haram", "maoist", "naxal",
                  "militia", "fighter", "opposition", "separatist", "gunman", "extremist", "al - qaeda",
                  "hts", "ypg", "sdf", "pkk", "houthi"],
    "take_territory": ["capture", "seize", "take control", "take over", "overrun", "fall to", "control of",
                       "occupy", "storm", "advance"],
    "regain_territory": ["recapture", "retake", "regain", "liberate", "liberation", "reclaim", "clear",
                         "drive out", "push back", "flush out", "retaken", "recaptured"],
    "handover": ["withdraw", "withdrawal", "hand over", "handover", "pull out", "evacuate", "transfer",
                 "cede", "relinquish", "leave", "redeploy", "deploy", "enter"],
    # --- strategic developments
    "arrest": ["arrest", "detain", "detention", "custody", "apprehend", "round up", "nab", "held", "jail",
               "imprison", "remand", "charge", "warrant", "raid", "nabbed"],
    "agreement": ["agreement", "agree", "deal", "ceasefire", "cease - fire", "truce", "accord", "sign",
                  "treaty", "peace talk", "prisoner exchange", "swap", "memorandum", "negotiation"],
    "disrupted": ["defuse", "seize", "cache", "recover", "confiscate", "intercept", "foil", "bomb disposal",
                  "explosive", "ammunition", "weapon", "arms", "haul", "stockpile", "dismantle"],
    "base": ["headquarters", "base", "outpost", "camp", "establish", "set up", "station", "checkpoint",
             "military post", "open office"],
    "group_change": ["join", "defect", "merge", "split", "recruit", "pledge allegiance", "allegiance",
                     "new leader", "appoint", "leadership", "dissolve", "rename", "surrender", "disband",
                     "form", "faction", "alliance", "relocate", "ban"],
    "property": ["loot", "looting", "destroy", "destruction", "demolish", "set fire", "set ablaze", "burn",
                 "torch", "vandalise", "vandalize", "damage", "raze", "arson", "ransack"],
    # --- unseen types
    "crime": ["drug", "smuggle", "smuggler", "smuggling", "traffick", "trafficking", "cartel", "gang",
              "mafia", "fraud", "corruption", "bribe", "money laundering", "cyber", "hacker", "robbery",
              "extortion", "cocaine", "heroin", "narcotic", "criminal"],
    "natural": ["earthquake", "quake", "flood", "flooding", "storm", "cyclone", "hurricane", "typhoon",
                "landslide", "wildfire", "drought", "tsunami", "magnitude", "epidemic", "outbreak",
                "heavy rain", "monsoon", "volcano", "eruption", "tornado", "avalanche"],
    "man_made": ["accident", "crash", "collapse", "derail", "derailment", "fire break", "factory", "leak",
                 "spill", "blaze", "capsize", "collision", "explosion at", "industrial", "contamination",
                 "short circuit", "stampede", "poisoning", "sink"],
    "diplomatic": ["sanction", "embassy", "ambassador", "diplomat", "diplomatic", "condemn", "minister",
                   "summit", "visit", "urge", "call on", "expel", "talks", "foreign ministry", "statement",
                   "praise", "warn", "un security council", "resolution", "envoy"],
    "attribution": ["claim responsibility", "responsibility", "claim", "blame", "accuse", "deny",
                    "behind the attack", "responsible for", "attribute", "hold responsible"],
}

# Acts against persons tracked inside incidents: act -> lemma cues (matched on the verb or noun).
ACT_CUES: dict[str, list[str]] = {
    "killed": ["kill", "murder", "shoot dead", "gun down", "slay", "massacre", "assassinate", "die", "dead",
               "death", "martyr", "martyrdom", "lose life", "lose his life", "lose her life", "body", "funeral",
               "fatality", "behead", "lynch", "immortal", "javid nam", "the late"],
    "injured": ["injure", "wound", "hurt", "injury", "maim", "blind", "hospitalise", "hospitalize"],
    "arrested": ["arrest", "detain", "apprehend", "round up", "nab", "take into custody", "seize"],
    "detained": ["detention", "custody", "imprison", "jail", "hold incommunicado", "prison"],
    "executed": ["execute", "execution", "hang", "hanging", "gallows"],
    "sentenced": ["sentence", "condemn to", "convict", "verdict"],
    "tortured": ["torture", "torture to death", "abuse in custody", "beat in custody"],
    "disappeared": ["disappear", "disappearance", "missing", "whereabouts unknown", "abduct", "kidnap"],
    "died in custody": ["die in custody", "die in detention", "die in prison", "death in custody"],
}
