from django.template import Context, Template


def test_rich_text_renders_allowed_markup_and_drops_scripts():
    html = Template("{% load hub %}{{ body|rich_text }}").render(
        Context({"body": "<p>Hello <strong>hub</strong></p><script>alert(1)</script>"})
    )
    assert html == "<p>Hello <strong>hub</strong></p>"
