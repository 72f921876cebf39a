import re
import unicodedata

NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """'Southend-on-Sea', 'southend on sea' and 'SOUTHEND  ON SEA!' all become 'southend on sea'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    return NON_ALPHANUMERIC.sub(" ", text).strip()
