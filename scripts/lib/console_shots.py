"""Screenshots of the office console's pages, as a person signed in sees them: used by
scripts/demo. Usage: console_shots.py URL NAME PASSWORD OUT_DIR
Signs in at URL (https://…/console/) in Debian's headless Chromium and saves each page the user
may open at 1366x768 and 390x844 (OUT_DIR/<page>-desktop.png, <page>-phone.png)."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "console"))
import harness  # noqa: E402  (the browser the tests use, started the same way)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def main():
    url, name, password, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    b = harness.make_browser(out)
    try:
        wait = WebDriverWait(b, 30)
        b.get(url)
        wait.until(EC.visibility_of_element_located((By.ID, "login-name"))).send_keys(name)
        b.find_element(By.ID, "login-password").send_keys(password)
        b.find_element(By.ID, "login-submit").click()
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".who .user")))
        pages = [a.get_attribute("href").split("#/")[1]
                 for a in b.find_elements(By.CSS_SELECTOR, "#nav a")]
        for page in pages:
            for label, (w, h) in (("desktop", harness.DESKTOP), ("phone", harness.PHONE)):
                b.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                  {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 600})
                b.get(url + "#/" + page)
                b.refresh()
                wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#main .view")))
                time.sleep(0.3)
                b.save_screenshot(os.path.join(out, f"{page}-{label}.png"))
        print(f"{len(pages)} pages: {', '.join(pages)}")
    finally:
        b.quit()


if __name__ == "__main__":
    main()
