"""Banner wording, normalised (see text.normalize) for matching.

Sources: uswds/uswds packages/usa-banner/src/content/usa-banner*.json (3.x, unchanged
2.8.0-3.14.0), the 1.x/2.0-2.7 templates, the <usa-banner> web component, and the DoD
(DMA) text banner; quoted in the reference's sections 1.1, 1.4, 1.5 and 1.6.
"""

from __future__ import annotations

OFFICIAL = {
    "en": "an official website of the united states government",
    "es": "un sitio oficial del gobierno de estados unidos",
}
ACTION = ("here's how you know", "así es como usted puede verificarlo")

# Domain explanations by language and TLD. The .gov sentence is matched without its leading
# "A" because the DoD banner drops it.
DOMAIN = {
    ("en", "gov"): (".gov website belongs to an official government organization in the united states",),
    ("en", "mil"): (
        ".mil website belongs to an official u.s. department of defense organization",
        ".mil website operates under the approval of the u.s. department of defense",
        ".mil website belongs to an official government organization in the united states",
    ),
    ("es", "gov"): ("un sitio web .gov pertenece a una organización oficial del gobierno de estados unidos",),
    ("es", "mil"): (
        "un sitio web .mil pertenece a una organización oficial del departamento de defensa de ee. uu.",
    ),
}
HTTPS = {
    ("en", "gov"): ("https:// means you've safely connected to the .gov website",),
    ("en", "mil"): ("https:// means you've safely connected to the .mil website",),
    ("es", "gov"): ("https:// significa que usted se conectó de forma segura a un sitio web .gov",),
    ("es", "mil"): ("https:// significa que usted se conectó de forma segura a un sitio web .mil",),
}

# The heading above the HTTPS explanation (https.heading in the same sources).
HTTPS_HEADING = {
    ("en", "gov"): "secure .gov websites use https",
    ("en", "mil"): "secure .mil websites use https",
    ("es", "gov"): "los sitios web seguros .gov usan https",
    ("es", "mil"): "los sitios web seguros .mil usan https",
}

# USWDS before 2.8.0 (2020-07-09).
OUTDATED_DOMAIN = "the .gov means it's official"
OUTDATED_HTTPS = "the https:// ensures that you are connecting to the official website"
