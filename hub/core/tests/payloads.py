"""Hostile input shared by the tests that must refuse it."""

# `next` values that would leave the site (SECURITY.md item 7): each must be replaced by the default page.
EVIL_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
]
