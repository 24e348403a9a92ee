"""How the API describes itself in OpenAPI, where drf-spectacular's defaults say less than the API does."""

from drf_spectacular.openapi import AutoSchema


class PublicAPISchema(AutoSchema):
    def _get_filter_parameters(self):
        # django-filter reads an empty value as no filter (?kind= lists every kind): say so.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters
