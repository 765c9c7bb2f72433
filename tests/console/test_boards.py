"""The boards page (榜单) in Chromium: the demo month's boards as the poster shows them, in the
office's order, stars counted in words; printed on A3 portrait; the PDF poster downloaded."""

import base64
import os
import re
import shutil
import subprocess

import harness


class Boards(harness.ConsoleBrowserTest):

    def open_boards(self, who="文书"):
        self.sign_in(who)
        self.size(harness.DESKTOP)
        self.go("boards", "#board-commended .board-row")

    def test_the_honour_roll_reads_as_the_office_orders_it_with_stars_counted(self):
        self.open_boards()
        api = self.api("GET", "boards")
        self.assertTrue(api["ok"], api)
        boards = api["body"]
        self.assertEqual(boards["month"], "2026-11")
        self.wait_text("2026年11月", ".board-title")
        shown = [e.text for e in self.find_all("#board-commended .board-row .name")]
        self.assertEqual(shown, [r["name"] for r in boards["commended"]])
        ranks = [e.text for e in self.find_all("#board-commended .board-row .rank")]
        self.assertEqual(ranks, [str(r["rank"]) for r in boards["commended"]])
        # The red/grey board: stars drawn and counted in words.
        party = self.find_all("#board-party .board-row")
        self.assertEqual(len(party), len(boards["party_board"]))
        first = boards["party_board"][0]
        words = party[0].find_element(harness.By.CSS_SELECTOR, ".star-words").text
        self.assertEqual(words, f"{first['red']} 颗红星")
        self.assertRegex(words, r"^\d+ 颗红星$")
        drawn = party[0].find_element(harness.By.CSS_SELECTOR, ".stars").text
        self.assertEqual(drawn, "★" * min(first["red"], boards["stars_drawn"]))
        # Yellow cards each name their paired party member.
        pairs = [e.text for e in self.find_all("#board-yellow .board-row .pair")]
        self.assertEqual(len(pairs), len(boards["yellow_cards"]))
        for p, r in zip(pairs, boards["yellow_cards"]):
            self.assertEqual(p, "结对党员：" + (r["paired_name"] or "待安排"))

        img = self.screenshot("boards-desktop")
        self.assert_title_bar(img, "boards")
        # The poster's own red title bar under the controls.
        bar = self.find(".board-title")
        y = bar.location["y"] + 6
        x0, w = bar.location["x"], bar.size["width"]
        if y < img.size[1]:
            red = sum(1 for x in range(x0 + 4, x0 + w - 4, 8) if self.is_red(img.getpixel((x, y))))
            self.assertGreater(red, (w // 8) * 0.6, "the poster's red title bar")
        # A red-star row: its words are drawn in red.
        words_el = party[0].find_element(harness.By.CSS_SELECTOR, ".star-words")
        colour = words_el.value_of_css_property("color")
        self.assertIn("179, 38, 30", colour)

        self.screenshot("boards-phone", harness.PHONE)
        self.assertEqual([e.text for e in self.find_all("#board-commended .board-row .name")], shown)
        self.size(harness.DESKTOP)

    def test_another_month_is_picked_and_a_collector_reads_the_boards_too(self):
        self.sign_in("信息员一")
        self.assertIn("榜单", self.text("#nav"))
        self.go("boards/2026-06", "#board-commended .board-row")
        # The months offered run back to the ledger's first, no further.
        options = [o.get_attribute("value") for o in self.find_all("#board-month option")]
        self.assertEqual(options[-1], "2025-12")
        self.assertIn("2026-11", options)
        self.assertEqual(self.find("#board-month").get_attribute("value"), "2026-06")
        self.wait_text("2026年6月", ".board-title")
        api = self.api("GET", "boards?month=2026-06")["body"]
        shown = [e.text for e in self.find_all("#board-commended .board-row .name")]
        self.assertEqual(shown, [r["name"] for r in api["commended"]])

    def test_printed_on_a3_portrait_with_only_the_poster(self):
        self.open_boards()
        # 打印 calls the browser's print dialog.
        self.browser.execute_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
        self.click_text("打印")
        self.assertEqual(self.browser.execute_script("return window.__printed;"), 1)

        self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertFalse(self.find(".board-controls").is_displayed())
            self.assertFalse(self.find("#nav").is_displayed())
            self.assertTrue(self.find("#board-commended").is_displayed())
            img = self.screenshot("boards-print")
            # The poster's red bar now starts at the top of the page.
            w = img.size[0]
            red = sum(1 for x in range(0, w, 4) if self.is_red(img.getpixel((x, 12))))
            self.assertGreater(red, (w // 4) * 0.6, "the poster's title bar at the top of the print")
        finally:
            self.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            self.size(harness.DESKTOP)
        # Chromium's own print of the page uses the page's @page size: A3 portrait.
        pdf = self.browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                               "printBackground": True})
        data = base64.b64decode(pdf["data"])
        self.assertTrue(data.startswith(b"%PDF"))
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        self.assertIsNotNone(box, "no MediaBox in the printed PDF")
        w, h = float(box.group(1)), float(box.group(2))
        self.assertAlmostEqual(w, 841.89, delta=2, msg="A3 is 297 mm wide")
        self.assertAlmostEqual(h, 1190.55, delta=2, msg="A3 is 420 mm tall")

    def test_the_pdf_poster_downloads(self):
        self.open_boards("审计")
        for f in os.listdir(self.downloads):
            os.remove(os.path.join(self.downloads, f))
        link = self.find("#board-pdf")
        self.assertIn("下载", link.text)
        link.click()
        path = self.downloaded(".pdf", timeout=60)
        self.assertTrue(os.path.basename(path).startswith("board-2026-11"), path)
        with open(path, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
            self.assertIn("(A3)", info)
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
            self.assertIn("红色信用公示榜", text)
            first = self.api("GET", "boards")["body"]["commended"][0]["name"]
            self.assertIn(first, text)


if __name__ == "__main__":
    harness.main()
