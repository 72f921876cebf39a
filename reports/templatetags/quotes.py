from django import template

register = template.Library()


@register.filter
def split_quote(text: str, words: int = 30) -> tuple[str, str]:
    """A long quote's opening words and the rest, so an expandable quote shows each word once."""
    words = int(words)
    parts = text.split()
    if len(parts) <= words + 10:  # not worth folding a few words away
        return text, ""
    return " ".join(parts[:words]), " ".join(parts[words:])
