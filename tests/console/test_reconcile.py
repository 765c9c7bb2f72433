"""The reconcile page (对账) in Chromium: a demo day's supermarket kiosk without a day close
shown in red, a quiet day said calmly, and "an export downloads and opens": the month's CSV
and XLSX downloaded through the page's links, opened with Python's csv and zipfile, holding
the rows `rc-office export` writes."""

import csv
import io
import os
import re
import zipfile

from selenium.webdriver.support.ui import Select

import harness


class Reconcile(harness.ConsoleBrowserTest):

    def busy_day(self):
        """The first November day of the demo on which the supermarket kiosk sold."""
        for d in range(1, 31):
            day = f"2026-11-{d:02d}"
            r = self.api("GET", "reconcile?day=" + day)
            self.assertTrue(r["ok"], r)
            if any(k["kiosk"] == "kiosk-supermarket" for k in r["body"]["kiosks"]):
                return day
        self.fail("the demo sold nothing in November")

    def test_a_day_without_a_close_is_red_and_a_quiet_day_is_calm(self):
        self.sign_in("文书")
        self.go("reconcile")
        self.wait_text("这一天没有终端交易", ".view")
        self.assertEqual(self.find_all("tr.bad"), [])
        day = self.busy_day()
        self.go(f"reconcile?day={day}", ".rec-kiosk")
        self.wait_text("对不上", ".rec-verdict")
        card = self.find(".rec-kiosk[data-kiosk='kiosk-supermarket']")
        self.assertIn("没有做日结", card.text)
        self.assertRegex(card.text, r"村委会收到这一天的：兑换 [1-9]\d* 笔")
        self.assertTrue(self.find_all(".rec-kiosk[data-kiosk='kiosk-supermarket'] tr.bad"))
        self.assertEqual(self.find("#rec-day").get_attribute("value"), day)
        img = self.screenshot("reconcile-desktop")
        self.assert_title_bar(img, "reconcile")
        row = self.find("tr.bad td")
        px = img.getpixel((row.location["x"] + 3, row.location["y"] + 3))
        self.assertEqual(px[:3], (0xfd, 0xec, 0xea), "a difference's row is not red")
        img = self.screenshot("reconcile-phone", harness.PHONE)
        self.assert_title_bar(img, "reconcile-phone")
        self.size(harness.DESKTOP)

        # The day after, by its button.
        self.click_text("后一天")
        self.wait_text("对账 · 2026-11-%02d" % (int(day[-2:]) + 1), ".view")

        # Choosing the kiosk in the form shows only it.
        Select(self.find("#rec-kiosk")).select_by_value("kiosk-supermarket")
        self.click_text("查看")
        self.wait(".rec-kiosk")
        self.assertIn("kiosk=kiosk-supermarket", self.browser.current_url)
        self.assertEqual(len(self.find_all(".rec-kiosk")), 1)

    def test_an_export_downloads_and_opens(self):
        self.sign_in("审计")
        day = self.busy_day()
        self.go(f"reconcile?day={day}", ".rec-exports")
        self.assertIn("这个月 2026-11", self.text(".rec-exports"))

        # The month's CSV: UTF-8 with a BOM, the rows rc-office export writes.
        self.find(".rec-download[data-period='month'][data-format='csv']").click()
        path = self.downloaded(".csv")
        self.assertEqual(os.path.basename(path), "rc-export-2026-11.csv")
        raw = open(path, "rb").read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "no BOM")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "时间 Time (CST)")
        self.assertEqual(rows[0][4], "村民 Villager")
        body = rows[1:]
        self.assertGreater(len(body), 10)
        shop = [r for r in body if r[1] == "kiosk-supermarket" and r[6] == "redemption"]
        self.assertTrue(shop, "no supermarket redemption in the month")
        self.assertTrue(all(r[0].startswith("2026-11-") for r in body))
        self.assertTrue(all(int(r[8]) < 0 for r in shop), "a redemption takes points")
        mine = os.path.join(self.office.dir, "month.csv")
        self.office.office("export", "--month", "2026-11", "--format", "csv", "--out", mine)
        self.assertEqual(raw, open(mine, "rb").read(), "the download differs from rc-office export")

        # The month's XLSX: a zip whose detail sheet holds the same rows.
        self.find(".rec-download[data-period='month'][data-format='xlsx']").click()
        path = self.downloaded(".xlsx")
        self.assertEqual(os.path.basename(path), "rc-export-2026-11.xlsx")
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            self.assertIn("xl/worksheets/sheet1.xml", names)
            workbook = z.read("xl/workbook.xml").decode("utf-8")
            for sheet in ("明细 Detail", "合计 Totals", "库存变动 Stock"):
                self.assertIn(sheet, workbook)
            strings = z.read("xl/sharedStrings.xml").decode("utf-8")
            sheet1 = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        for text in ("时间 Time (CST)", "kiosk-supermarket", shop[0][4], shop[0][0]):
            self.assertIn(text, strings)
        self.assertEqual(len(re.findall(r"<row ", sheet1)), len(rows))


if __name__ == "__main__":
    harness.main()
