"""When two user names are "the same": the key under which a name is unique.

Sign-in names are compared without case and through a small skeleton of look-alikes, so that
"Caseworker-A", "caseworker_a" and "саseworker-a" (with Cyrillic letters) cannot live beside one
another, nor "MRezaei" beside "mrezaei": a message, a screen or an audit line that names one must
not be mistaken for the other. The skeleton is deliberately small (Latin, Cyrillic and Greek
look-alikes, digits that pass for letters, separators ignored): it exists to refuse confusable
names, not to be searched. Migration ``accounts.0003`` holds a frozen copy of this function;
change both together, and add a migration re-keying the rows.
"""

from __future__ import annotations

import unicodedata

# Separators that do not tell names apart.
_IGNORED = frozenset("-_.+@ \u200c\u200d\u00b7")
# Characters that pass for another one, mapped to that one (after NFKD and casefolding).
_LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "l", "ї": "l",
        "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "l", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
        # Digits and letters that pass for one another
        "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "$": "s",
    }
)  # fmt: skip
# Letter pairs that pass for one letter.
_DIGRAPHS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def username_key(username: str) -> str:
    """The skeleton two names share when a reader could take one for the other."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", username).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in _IGNORED)
    text = text.translate(_LOOK_ALIKES)
    for pair, single in _DIGRAPHS:
        text = text.replace(pair, single)
    return text
