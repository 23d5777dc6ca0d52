"""The app through the project's nginx (deploy/nginx/kommunekart.conf) in Chromium: its security
headers (a CSP of the app itself and nothing else) leave every part working, and the browser reports
no breach."""

from kommunekart.web.map_component.protocol import SHOWN_POLYGONS
from tests.browser.conftest import map_frame
from tests.nginx import running_nginx


def test_the_map_and_a_chart_work_under_the_content_security_policy(page, app_url, tmp_path):
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    with running_nginx(tmp_path, int(app_url.rsplit(":", 1)[1])) as url:
        answer = page.goto(url + "/?kommune=0301", wait_until="domcontentloaded")
        assert "frame-ancestors 'self'" in answer.headers["content-security-policy"]
        frame = map_frame(page)
        # all 357 drawn
        frame.locator(SHOWN_POLYGONS).nth(356).wait_for(state="attached", timeout=30000)
        page.goto(url + "/storrelsesgrupper?kommune=0301", wait_until="domcontentloaded")
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=30000)
        page.goto(url + "/?embed=true&kommune=0301", wait_until="domcontentloaded")
        map_frame(page)
    assert refused == []
