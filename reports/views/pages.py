"""The pages about the service: about, glossary, accessibility, feedback, the favicon."""

from django.templatetags.static import static
from django.views.generic import RedirectView

from reports.api import pages as api
from reports.glossary import GLOSSARY_TERMS
from reports.selectors.sources import data_tables, sources_by_kind
from reports.views.base import PageView, ReadOnlyMixin


class AboutView(PageView):
    template_name = "reports/about.html"
    serialiser = staticmethod(api.about)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source_counts=sources_by_kind(),
            data_tables=data_tables(),
            **kwargs,
        )


class GlossaryView(PageView):
    template_name = "reports/glossary.html"
    serialiser = staticmethod(api.glossary)

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=GLOSSARY_TERMS, **kwargs)


# Pages run by others that the feedback routes send readers to: real addresses, never made up.
OFSTED_CONTACT_URL = "https://www.gov.uk/government/organisations/ofsted"
EASS_URL = "https://www.equalityadvisoryservice.com/"


class AccessibilityView(PageView):
    """A statement about the service, with no data: no JSON twin (/data/api/ says so)."""

    template_name = "reports/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(eass_url=EASS_URL, **kwargs)


class FeedbackView(PageView):
    """How to give feedback or report a problem, whether or not settings give a contact."""

    template_name = "reports/feedback.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ofsted_contact_url=OFSTED_CONTACT_URL, eass_url=EASS_URL, **kwargs
        )


class FaviconView(ReadOnlyMixin, RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
