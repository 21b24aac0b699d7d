"""The reader's search form: words plus topic, author and date filters, each checked."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from authors.models import Author
from topics.models import Topic

from .search import clean_query

MIN_YEAR, MAX_YEAR = 1900, 2200


class DateInput(forms.DateInput):
    """A native date picker; a value it cannot show (not YYYY-MM-DD) is left out, not echoed."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class QuickSelect(forms.Select):
    """A <select> built in Python: Django's widget templates cost an include per option,
    which for a few hundred authors was most of the search page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options)


class SearchForm(forms.Form):
    """The reader's search: words, and optional topic, author and date filters.

    Bad filters are reported next to the field and ignored; the words are
    searched whatever they are (cleaned by ``clean_query``).
    """

    q = forms.CharField(label=_("Search for"), required=False, strip=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        required=False,
        to_field_name="slug",
        empty_label=_("All topics"),
        widget=QuickSelect,
        queryset=Topic.objects.only("name", "slug"),
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        required=False,
        to_field_name="slug",
        empty_label=_("All authors"),
        widget=QuickSelect,
        queryset=Author.objects.only("name", "slug"),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Choose a date between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR},
                code="out_of_range",
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                forms.ValidationError(
                    _("The end date is before the start date."), code="date_order"
                ),
            )
        return data

    def has_dates(self):
        """Return True when a valid From or To date narrows the search."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("start") or data.get("end"))

    def filtered(self, queryset):
        """Apply the valid filters to ``queryset`` (dates in the newsroom's time zone)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("topic"):
            queryset = queryset.filter(topics=data["topic"])
        if data.get("author"):
            queryset = queryset.filter(pk__in=data["author"].bylines.values("article_id"))
        if data.get("start"):
            queryset = queryset.filter(published_at__gte=day_start(data["start"]))
        if data.get("end"):
            queryset = queryset.filter(published_at__lt=day_start(data["end"] + timedelta(days=1)))
        return queryset


def day_start(day):
    """Return the aware datetime at which ``day`` begins in the newsroom's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
