from django.utils.text import slugify


def unique_slug(model, text: str, *, field: str = "slug", max_length: int = 50, exclude_pk=None) -> str:
    """A slug for ``text`` that no other row of ``model`` uses yet (``-2``, ``-3``... appended if needed)."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager.all()
    candidate, n = base, 2
    while taken.filter(**{field: candidate}).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate
