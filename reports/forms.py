import unicodedata

from django import forms


class AreaSearchForm(forms.Form):
    q = forms.CharField(label="Area name or local authority code", max_length=100, required=False)

    def clean_q(self):
        # Drop control characters (a pasted tab or NUL should not break a search).
        value = self.cleaned_data["q"]
        return "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()
