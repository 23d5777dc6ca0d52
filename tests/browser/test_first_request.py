"""A deep link as the first request a fresh server answers (its own server: no other test has
warmed it)."""


def test_deep_link_to_a_page_works_as_the_first_request_of_a_fresh_server(page, fresh_app_url):
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.goto(fresh_app_url + "/kommuneprofil?kommune=0301&aar=2024", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Kommuneprofil: Oslo").wait_for(timeout=30000)
    # the page knows the app's address (serve.PageHead): no guess at /kommuneprofil/_stcore/health
    # first, whose 404 cost each page but the map 0,1 s
    assert failed == []
    assert page.get_by_text("Page not found").count() == 0
    # the app's menu, not file names (it comes with the rest of the page: on a fresh server under
    # load, more than 10 s after the heading)
    page.get_by_role("link", name="Størrelsesgrupper").wait_for(timeout=30000)
    assert page.get_by_role("link", name="Størrelsesgrupper").count() == 1
