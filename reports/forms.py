import unicodedata

from django import forms

MAX_QUERY = 100


def printable(value: str) -> str:
    """The text without control characters (a pasted tab becomes a space; NUL and the like go)."""
    spaced = "".join(" " if c in "\t\r\n" else c for c in value)
    return "".join(c for c in spaced if unicodedata.category(c)[0] != "C")


class AreaSearchForm(forms.Form):
    q = forms.CharField(
        label="Postcode, area or town name, or local authority code",
        required=False,
        error_messages={"max_length": f"Enter {MAX_QUERY} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our own message for NUL and other control characters, not Django's generic one.
        field = self.fields["q"]
        field.validators = [v for v in field.validators if "Null" not in type(v).__name__]

    def clean_q(self):
        raw = self.cleaned_data["q"]
        if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in raw):
            raise forms.ValidationError("Enter letters, numbers and spaces only")
        value = printable(raw).strip()
        if len(value) > MAX_QUERY:
            raise forms.ValidationError(f"Enter {MAX_QUERY} characters or fewer")
        return value

    @property
    def safe_value(self) -> str:
        """What the search box shows again: never a raw control character."""
        return printable(self.data.get("q", ""))[:MAX_QUERY] if self.is_bound else ""
