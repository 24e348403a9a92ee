"""SECURITY.md item 23: in a real browser, an inline script that reached a page does not run under our CSP.

The sanitiser strips scripts before they are stored (tests/security/test_content.py), so to test the
second line of defence the browser is handed one of our pages with a payload added on its way in,
and our own response headers kept. The admin and the editor working under the same policy is shown by
the partner and staff journeys (tests/e2e/test_partner_and_staff.py), whose ``page`` fails on any
refusal by the policy.
"""

import pytest

from hub.core.tests.factories import make_published_post

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAYLOAD = (
    '<script>window.__pwned = "inline script"</script>'
    '<img src="/static/none.png" alt="" onerror="window.__pwned = \'event handler\'">'
    '<a id="js-link" href="javascript:window.__pwned = \'javascript: link\'">x</a>'
)


def test_an_inline_script_slipped_into_a_page_does_not_run(context, live_server):
    post = make_published_post(title="A post with a payload")
    page = context.new_page()
    refusals = []
    page.on(
        "console", lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None
    )

    def with_payload(route):
        response = route.fetch()
        body = response.text().replace("</main>", PAYLOAD + "</main>")
        route.fulfill(response=response, body=body)  # our headers, CSP included, as the server sent them

    page.route(live_server.url + post.get_absolute_url(), with_payload)
    response = page.goto(live_server.url + post.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.click("#js-link")
    page.wait_for_timeout(300)

    assert page.evaluate("window.__pwned") is None
    assert len(refusals) >= 2, refusals  # the inline script, the event handler (and the javascript: link)
    page.close()
