from django import forms


class FilterForm(forms.Form):
    """A GET form whose valid fields narrow a queryset; subclasses map fields to filters."""

    def active_filters(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", [])}

    def filter(self, queryset):
        for name, value in self.active_filters().items():
            queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset
