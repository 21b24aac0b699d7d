"""URL converters shared by the apps' urls.py: importing this registers them."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Match slugs with any Unicode letters (Korean, Chinese, accented Latin)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TwoDigitConverter:
    regex = r"[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(TwoDigitConverter):
    regex = r"[0-9]{4}"

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(UnicodeSlugConverter, "uslug")
register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")
