"""The office console in a real browser: Debian's headless Chromium driven by Selenium against a
real `rc-office serve` on 127.0.0.1, over the demo village's ledger.

Each test class gets its own ledger (init-demo --seed 3 --month 2026-11), its console users, one
server and one browser (setUpClass); tests sign in as they need. Environment (set by ctest):
RC_OFFICE_BIN (the binary), RC_SOURCE_DIR, RC_SCREENSHOT_DIR (where screenshots are kept).

Users, password PASSWORD each: 书记 secretary, 文书 clerk, 信息员一 collector of 第一网格,
信息员二 collector of 第二网格, 审计 auditor.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "village-2026"
USERS = [
    ("书记", ["--role", "secretary"]),
    ("文书", ["--role", "clerk"]),
    ("信息员一", ["--role", "collector", "--grid", "第一网格"]),
    ("信息员二", ["--role", "collector", "--grid", "第二网格"]),
    ("审计", ["--role", "auditor"]),
]
DESKTOP = (1366, 768)
PHONE = (390, 844)


def office_bin():
    return os.environ["RC_OFFICE_BIN"]


def run_office(db, *args, stdin=None, check=True):
    env = dict(os.environ, RC_PIN_COST="min")
    r = subprocess.run([office_bin(), "--db", db, *args], input=stdin, capture_output=True,
                       text=True, env=env, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"rc-office {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r


class Office:
    """A demo ledger with its console users and `rc-office serve` on an ephemeral port."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="rc-console-")
        self.db = os.path.join(self.dir, "village.db")
        run_office(self.db, "init-demo", "--seed", "3", "--month", "2026-11")
        for name, args in USERS:
            run_office(self.db, "user", "add", name, *args, stdin=f"{PASSWORD}\n{PASSWORD}\n")
        self.log = open(os.path.join(self.dir, "serve.err"), "w")
        self.proc = subprocess.Popen(
            [office_bin(), "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--web",
             os.path.join(os.environ["RC_SOURCE_DIR"], "assets", "web")],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.url = None
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.match(r"office console on (https://\S+/console/)", line)
            if m:
                self.url = m.group(1)
                break
        if not self.url:
            self.stop()
            raise AssertionError("rc-office serve did not print the console's address")

    def office(self, *args, **kw):
        return run_office(self.db, *args, **kw)

    def server_log(self):
        self.log.flush()
        with open(os.path.join(self.dir, "serve.err"), encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def make_browser(download_dir):
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--ignore-certificate-errors", "--lang=zh-CN", "--hide-scrollbars",
              "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
              "--disable-background-networking", "--disable-sync", "--disable-translate",
              "--disable-component-update", "--disable-default-apps",
              f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        o.add_argument(a)
    o.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "intl.accept_languages": "zh-CN,zh",
    })
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service("/usr/bin/chromedriver")
    b = webdriver.Chrome(service=service, options=o)
    b.set_page_load_timeout(60)
    # Downloads in headless Chromium go where the DevTools protocol says.
    b.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return b


class ConsoleBrowserTest(unittest.TestCase):
    """Base class: self.office (the server), self.browser (Chromium), helpers to act and look."""

    @classmethod
    def setUpClass(cls):
        cls.office = Office()
        cls.downloads = os.path.join(cls.office.dir, "downloads")
        os.makedirs(cls.downloads)
        try:
            cls.browser = make_browser(cls.downloads)
        except Exception:
            cls.office.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.browser.quit()
        finally:
            cls.office.stop()

    def tearDown(self):
        # Any error the page's scripts logged fails the test that caused it.
        errors = [e for e in self.browser.get_log("browser") if e.get("level") == "SEVERE"
                  and "favicon" not in e.get("message", "")
                  and not re.search(r"status of (401|403|409|422|423|400)", e.get("message", ""))]
        self.assertEqual(errors, [], "the page's scripts logged errors")

    # ---- acting ---------------------------------------------------------------------------

    def size(self, wh):
        self.browser.set_window_size(*wh)
        # The window's outer size differs from the viewport's; fix the viewport exactly.
        self.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": wh[0], "height": wh[1], "deviceScaleFactor": 1, "mobile": wh[0] < 600})

    def wait(self, css, timeout=20, visible=True):
        cond = EC.visibility_of_element_located if visible else EC.presence_of_element_located
        try:
            return WebDriverWait(self.browser, timeout).until(cond((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise AssertionError(f"nothing matching {css!r} appeared; page text: "
                                 f"{self.text()[:800]!r}")

    def wait_text(self, text, css="body", timeout=20):
        try:
            WebDriverWait(self.browser, timeout).until(
                lambda b: text in b.find_element(By.CSS_SELECTOR, css).text)
        except TimeoutException:
            raise AssertionError(f"{text!r} did not appear in {css}; it reads: "
                                 f"{self.text(css)[:1500]!r}")

    def text(self, css="body"):
        try:
            return self.browser.find_element(By.CSS_SELECTOR, css).text
        except Exception:
            return ""

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def click_text(self, text, tag="button"):
        """Clicks the first visible element of `tag` whose text contains `text`."""
        for el in self.browser.find_elements(By.TAG_NAME, tag):
            if el.is_displayed() and text in el.text:
                el.click()
                return el
        raise AssertionError(f"no {tag} reading {text!r}; page text: {self.text()[:800]!r}")

    def open(self, hash_path=""):
        self.browser.get(self.office.url + ("#/" + hash_path if hash_path else ""))

    def sign_in(self, name, password=PASSWORD, expect_ok=True):
        self.sign_out()
        self.open()
        self.wait("#login-name").send_keys(name)
        self.find("#login-password").send_keys(password)
        self.find("#login-submit").click()
        if expect_ok:
            self.wait(".who .user")
            self.wait_text(name, ".who")

    def sign_out(self):
        self.browser.get(self.office.url)
        self.browser.delete_all_cookies()

    def go(self, hash_path, wait_css=".view"):
        self.browser.get(self.office.url + "#/" + hash_path)
        self.browser.refresh()
        return self.wait(wait_css)

    def api(self, method, path, body=None):
        """Calls /console/api/PATH from the page, as the page would (session cookie, CSRF)."""
        return self.browser.execute_async_script("""
            const [method, path, body, done] = arguments;
            RC.api(method, path, body).then((j) => done({ok: true, body: j}),
                                            (e) => done({ok: false, status: e.status, error: e.message}));
        """, method, path, body)

    # ---- looking --------------------------------------------------------------------------

    def screenshot(self, name, wh=DESKTOP):
        """Saves the page at size `wh` as RC_SCREENSHOT_DIR/NAME.png and returns the image,
        checked to be a real page: the red title bar at the top and more than one colour."""
        self.size(wh)
        time.sleep(0.2)
        out_dir = os.environ.get("RC_SCREENSHOT_DIR") or os.path.join(self.office.dir, "shots")
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, name + ".png")
        self.assertTrue(self.browser.save_screenshot(path), "the screenshot was not taken")
        img = Image.open(path).convert("RGB")
        self.assertEqual(img.size, wh)
        colours = img.getcolors(maxcolors=1 << 16)
        self.assertTrue(colours is None or len(colours) > 20, f"{name}: a blank page")
        return img

    @staticmethod
    def is_red(px):
        r, g, b = px[:3]
        return r > 150 and g < 80 and b < 80

    def assert_title_bar(self, img, name):
        """The console's red bar runs across the top of every signed-in page."""
        w = img.size[0]
        red = sum(1 for x in range(0, w, 4) if self.is_red(img.getpixel((x, 8))))
        self.assertGreater(red, (w // 4) * 0.6, f"{name}: no red title bar at the top")

    def downloaded(self, suffix, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            done = [f for f in os.listdir(self.downloads)
                    if f.endswith(suffix) and not f.endswith(".crdownload")]
            if done:
                return os.path.join(self.downloads, done[0])
            time.sleep(0.2)
        raise AssertionError(f"no {suffix} file was downloaded; folder: {os.listdir(self.downloads)}")


def main():
    unittest.main(verbosity=2)
