"""The cards page (卡片) in Chromium, and the acceptance test "a clerk revokes a card and a synced
kiosk refuses it": 文书 revokes a villager's QR card through the page; then the real kiosk
(`rc-kiosk --headless` with a session script, its own ledger file, enrolled with this office
and syncing with the same `rc-office serve`) no longer opens with that card.
"""

import os
import re
import sqlite3
import subprocess
import tempfile

import harness
from harness import DESKTOP, PHONE


def villagers(db, n):
    """The first n villagers still in the village: (id, name)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT id, name FROM villagers WHERE moved_away = 0 ORDER BY id "
                           "LIMIT ?", (n,)).fetchall()
    finally:
        con.close()


class Kiosk:
    """The supermarket kiosk, enrolled with the office; each run is `rc-kiosk --headless` with a
    session script against its own ledger file, syncing with the office over HTTPS."""

    def __init__(self, office):
        self.dir = tempfile.mkdtemp(prefix="rc-kiosk-", dir=office.dir)
        printed = office.office("enroll-kiosk", "supermarket").stdout
        lines = [ln.strip() for ln in printed.splitlines()
                 if re.match(r"\s*(kiosk_id|kiosk_secret_key|office_cert_sha256)\s*=", ln)]
        assert len(lines) == 3, printed
        port = re.match(r"https://127\.0\.0\.1:(\d+)/", office.url).group(1)
        self.config = os.path.join(self.dir, "kiosk.conf")
        fd = os.open(self.config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(lines) + f"\noffice_url = https://127.0.0.1:{port}\n")
        self.db = os.path.join(self.dir, "kiosk.db")

    def run(self, script):
        path = os.path.join(self.dir, "session.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(script)
        return subprocess.run(
            [os.environ["RC_KIOSK_BIN"], "--headless", "--db", self.db, "--script", path,
             "--kiosk-config", self.config],
            capture_output=True, text=True, timeout=180, cwd=self.dir)


class CardsPage(harness.ConsoleBrowserTest):

    def find_villager(self, q):
        self.go("cards")
        box = self.wait("#cards-q")
        box.clear()
        box.send_keys(q)
        self.find("#cards-find").click()
        self.wait_text("找到的村民")

    def test_a_clerk_revokes_a_card_and_a_synced_kiosk_refuses_it(self):
        (vid, name), = villagers(self.office.db, 1)
        # The villager's QR card, as the clerk issues it at the office's terminal.
        issued = self.office.office("issue-card", str(vid)).stdout
        token = re.search(r"^token (RC2\.\S+)$", issued, re.M).group(1)
        uid = re.search(r"^issued (Q\d+)", issued, re.M).group(1)

        kiosk = Kiosk(self.office)
        before = kiosk.run(f"sync wait synced\nscan {token}\nexpect screen home\nexpect text {name}\n")
        self.assertEqual(before.returncode, 0, "the card opens the kiosk before: " + before.stderr)

        # 文书 finds the villager by the card's serial and revokes it, with a reason.
        self.sign_in("文书")
        self.find_villager(uid.lstrip("Q0"))
        self.wait_text(name, "main")
        self.click_text("看卡片")
        self.wait_text(name + " 的卡片", "main")
        self.wait(f"button.cards-revoke[data-uid='{uid}']").click()
        self.wait("#dialog .dialog")
        self.wait_text("作废 " + name, "#dialog")
        # No reason: nothing is revoked.
        self.find("#dialog .actions button.danger").click()
        self.wait_text("请写明作废原因", "#notice")
        self.wait(f"button.cards-revoke[data-uid='{uid}']").click()
        self.wait("#cards-reason").send_keys("卡丢失")
        self.screenshot("cards-revoke-dialog", DESKTOP)  # the page dimmed behind the dialog
        self.find("#dialog .actions button.danger").click()
        self.wait_text("已作废 " + uid, "#notice")
        self.wait("tr.cards-row-revoked")
        self.assertIn("卡丢失", self.text("tr.cards-row-revoked"))
        self.assertEqual(self.find_all(f"button.cards-revoke[data-uid='{uid}']"), [])
        listed = self.office.office("cards", str(vid), "--json").stdout
        self.assertIn('"revoke_reason": "卡丢失"', listed)

        # The kiosk syncs with the same office and refuses the card; the IC card still opens.
        after = kiosk.run(f"sync wait synced\nscan {token}\nexpect screen error:unknown-card\n")
        self.assertEqual(after.returncode, 0, "the revoked card is refused: " + after.stderr)
        self.assertIn(f"card token refused: card {uid} revoked", after.stderr)

    def test_issue_a_replacement_print_a_sheet_and_screenshots(self):
        (_, _), (vid, name) = villagers(self.office.db, 2)
        self.sign_in("文书")
        self.find_villager(name[0])
        self.assertNotIn("null", self.text("main"))
        self.assert_title_bar(self.screenshot("cards-search-phone", PHONE), "cards-search-phone")
        self.size(DESKTOP)
        self.find_villager(name)
        self.click_text("看卡片")
        self.wait_text(name + " 的卡片", "main")
        self.click_text("发二维码卡")
        self.wait_text("发二维码卡：" + name, "#dialog")
        self.find("#dialog .actions button:last-child").click()
        self.wait_text("已发卡 Q", "#notice")
        first = re.search(r"已发卡 (Q\d+)", self.text("#notice")).group(1)

        # A replacement says the old card will be revoked, and does it.
        self.click_text("补办新卡")
        self.wait_text("旧卡 " + first + " 会同时作废", "#dialog")
        self.find("#dialog .actions button.danger").click()
        self.wait_text("旧卡 " + first + " 已作废", "#notice")
        self.wait("tr.cards-row-revoked")
        self.assertIn("补办新卡，换成 Q", self.text("tr.cards-row-revoked"))
        self.assertNotIn("null", self.text("main"))

        # The sheet of this villager's card: the PDF card-sheet writes.
        self.click_text("打印这位村民的卡")
        self.wait_text("将下载一份 PDF", "#dialog")
        self.find("#dialog .actions button:last-child").click()
        pdf = self.downloaded(".pdf")
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        self.wait_text("已下载", "#notice")
        self.assertIn(f"cards-villager-{vid}.pdf", os.path.basename(pdf))

        self.browser.refresh()
        self.wait(".cards-actions")
        img = self.screenshot("cards-desktop", DESKTOP)
        self.assert_title_bar(img, "cards-desktop")
        self.assert_grey_row(img, "cards-desktop")
        img = self.screenshot("cards-phone", PHONE)
        self.assert_title_bar(img, "cards-phone")
        self.assert_grey_row(img, "cards-phone")
        self.size(DESKTOP)

    def assert_grey_row(self, img, name):
        """The revoked card's row is drawn grey (#f0f0f0) where the page says so."""
        row = self.find("tr.cards-row-revoked td")
        r = self.browser.execute_script(
            "const b = arguments[0].getBoundingClientRect(); return [b.left, b.top, b.width, b.height];", row)
        x, y = int(r[0] + r[2] - 4), int(r[1] + r[3] / 2)
        if 0 <= x < img.size[0] and 0 <= y < img.size[1]:
            self.assertEqual(img.getpixel((x, y))[:3], (0xf0, 0xf0, 0xf0), f"{name}: the revoked row is not grey")

    def test_the_auditor_sees_cards_without_buttons_and_collectors_not_at_all(self):
        (vid, name), = villagers(self.office.db, 1)
        self.sign_in("审计")
        self.go(f"cards/{vid}")
        self.wait_text(name + " 的卡片", "main")
        self.wait_text("只能查看", "main")
        self.assertEqual(self.find_all(".cards-revoke"), [])
        self.assertEqual(self.find_all("#cards-issue"), [])
        refused = self.api("POST", "cards/revoke", {"card": "Q000001", "reason": "x"})
        self.assertEqual(refused["status"], 403)
        self.sign_in("信息员一")
        self.assertNotIn("卡片", self.text("#nav"))
        self.go("cards", wait_css="main h1")
        self.wait_text("没有这个页面", "main")


if __name__ == "__main__":
    harness.main()
