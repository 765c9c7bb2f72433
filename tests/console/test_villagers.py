"""村民 in Chromium: search by part of a name, a villager's page with its score chart drawn as
SVG, a household's members, and a collector refused a villager of another grid."""

import sqlite3

import harness
from selenium.webdriver.common.by import By


class Villagers(harness.ConsoleBrowserTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with sqlite3.connect(cls.office.db) as d:
            # A grid-2 villager whose score moved in many months: a chart worth looking at.
            cls.vid, cls.vname, cls.hid = d.execute(
                "SELECT v.id, v.name, v.household_id FROM villagers v "
                "JOIN households h ON h.id = v.household_id "
                "WHERE h.grid_id = 2 AND v.moved_away = 0 AND length(v.name) >= 3 "
                "ORDER BY (SELECT count(*) FROM villager_months m WHERE m.villager_id = v.id) DESC, "
                "v.id LIMIT 1").fetchone()
            cls.members = [r[0] for r in d.execute(
                "SELECT name FROM villagers WHERE household_id = ?", (cls.hid,))]

    def test_search_by_part_of_a_name_and_open_the_villager_with_the_chart(self):
        self.sign_in("文书")
        self.go("villagers")
        box = self.wait("#vsearch")
        part = self.vname[1:]  # the given name, without the surname
        box.send_keys(part)
        self.click_text("查找")
        self.wait(f'a.vrow[data-id="{self.vid}"]')
        self.assertIn("按姓名找到", self.text(".view"))
        for name in (r.text for r in self.find_all("a.vrow .vname")):
            self.assertIn(part, name)
        img = self.screenshot("villagers-desktop")
        self.assert_title_bar(img, "villagers")
        self.screenshot("villagers-phone", harness.PHONE)
        # On a phone each result is a big row to tap.
        row = self.find(f'a.vrow[data-id="{self.vid}"]')
        self.assertGreaterEqual(row.size["height"], 60)
        self.assertGreaterEqual(row.size["width"], 300)
        row.click()

        self.wait(".vchart polyline")
        self.wait_text(self.vname, "h1")
        # On a phone every other month is named, the latest always.
        labels = [t.text for t in self.find_all(".vchart text") if t.text.endswith("月")]
        self.assertEqual(len(labels), 6, labels)
        self.assertEqual(labels[-1], "11月")
        self.size(harness.DESKTOP)
        self.go(f"villager/{self.vid}", ".vchart polyline")
        points = self.find(".vchart polyline").get_attribute("points").split()
        self.assertEqual(len(points), 12, points)
        self.assertEqual(len(self.find_all(".vchart circle")), 12)
        labels = [t.text for t in self.find_all(".vchart text") if t.text.endswith("月")]
        self.assertEqual(len(labels), 12, labels)
        self.assertEqual(labels[-1], "11月")
        text = self.text(".view")
        for word in ("信用分", "可兑换积分", "村内排名", "福利资格", "记录（最新的在前）"):
            self.assertIn(word, text)
        self.assertRegex(text, r"\d+ 颗(红|灰)星|没有星")
        self.assertRegex(text, r"信用分 [+−0]\d* · 积分 [+−0]")
        data = self.api("GET", f"villagers/{self.vid}")["body"]
        self.assertEqual(self.find(".vchart .vc-latest").text, str(data["months"][-1]["score"]))

        img = self.screenshot("villager-desktop")
        self.assert_title_bar(img, "villager")
        # The chart is drawn for the screen it opens on: open it again on the phone.
        self.size(harness.PHONE)
        self.go(f"villager/{self.vid}", ".vchart polyline")
        self.screenshot("villager-phone", harness.PHONE)
        self.browser.execute_script(
            "document.querySelector('.vchart').scrollIntoView({block: 'start'})")
        self.screenshot("villager-chart-phone", harness.PHONE)
        # The line's pixels: scroll the chart into view and look at the red at each dot.
        self.size(harness.DESKTOP)
        self.browser.execute_script(
            "document.querySelector('.vchart').scrollIntoView({block: 'center'})")
        centres = self.browser.execute_script("""
            return [...document.querySelectorAll('.vchart circle')].map((c) => {
              const r = c.getBoundingClientRect();
              return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
            });""")
        img = self.screenshot("villager-chart-desktop")
        red = sum(1 for (x, y) in centres if self.is_red(img.getpixel((x, y))))
        self.assertGreaterEqual(red, 11, f"the chart's dots are not drawn red: {centres}")
        # Between two dots the line itself is red too.
        (x0, y0), (x1, y1) = centres[5], centres[6]
        self.assertTrue(any(self.is_red(img.getpixel(((x0 + x1) // 2 + dx, (y0 + y1) // 2 + dy)))
                            for dx in (-1, 0, 1) for dy in (-2, -1, 0, 1, 2)), "no line between the dots")

    def test_a_collector_of_grid_1_is_refused_a_villager_of_grid_2(self):
        self.sign_in("信息员一")
        self.go(f"villager/{self.vid}")
        self.wait_text("不在你的网格", ".view")
        self.assertEqual(self.find_all(".vchart"), [])
        self.screenshot("villager-refused-phone", harness.PHONE)
        self.size(harness.DESKTOP)
        # Their search lists their own grid only.
        self.go("villagers?q=" + self.vname)
        self.wait_text("没有找到", ".view")

    def test_the_household_page_lists_its_members(self):
        self.sign_in("书记")
        self.go(f"household/{self.hid}")
        self.wait("a.vrow")
        names = [e.text for e in self.find_all("a.vrow .vname")]
        self.assertEqual(len(names), len(self.members))
        for m in self.members:
            self.assertTrue(any(n.startswith(m) for n in names), (m, names))
        self.assertIn("第二网格", self.text(".vwhere"))
        img = self.screenshot("household-desktop")
        self.assert_title_bar(img, "household")
        self.screenshot("household-phone", harness.PHONE)
        self.size(harness.DESKTOP)
        # A member's row opens their page.
        self.find(f'a.vrow[data-id="{self.vid}"]').click()
        self.wait(".vchart polyline")
        nav = self.find("#nav a.current")
        self.assertEqual(nav.text, "村民")


if __name__ == "__main__":
    harness.main()
