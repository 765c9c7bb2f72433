"""The today page (今日) in Chromium: an empty day reads well, a kiosk that never synced lands
in the "需要处理" box with what to do next, the auditor reads the same page, a collector never
sees it; screenshots at the office PC's and a phone's size."""

import harness


class Today(harness.ConsoleBrowserTest):

    def test_a_quiet_day_then_a_kiosk_that_never_synced(self):
        self.sign_in("文书")
        self.go("today")
        self.wait_text("需要处理", ".view")
        self.assertIn("今天还没有交易", self.text(".view"))
        self.assertEqual(self.find_all(".today-item"), [])

        # A kiosk enrolled but never heard from is one thing to do, in plain words.
        self.office.office("enroll-kiosk", "shop-east")
        self.go("today", ".today-item")
        item = self.find(".today-item")
        self.assertIn("终端登记后还没有同步过", item.text)
        self.assertIn("下一步", item.text)
        self.assertIn("终端 shop-east", item.text)
        card = self.find(".today-kiosk[data-kiosk='shop-east']")
        self.assertIn("还没有同步过", card.text)
        self.assertIn("今天还没做", card.text)
        self.assertIn("今天还没有交易", self.text(".view"))

        img = self.screenshot("today-desktop")
        self.assert_title_bar(img, "today")
        # The box of things to do has a red border.
        box = self.find("#todo")
        x, y = box.location["x"], box.location["y"] + box.size["height"] // 2
        self.assertTrue(self.is_red(img.getpixel((x, y))), "the 需要处理 box is not framed in red")
        img = self.screenshot("today-phone", harness.PHONE)
        self.assert_title_bar(img, "today-phone")
        self.size(harness.DESKTOP)

        # The link from the kiosk's card opens its reconciliation.
        self.click_text("对账 →", "a")
        self.wait_text("对账 ·", ".view")
        self.assertIn("kiosk=shop-east", self.browser.current_url)

    def test_the_auditor_reads_it_and_a_collector_does_not_see_it(self):
        self.sign_in("审计")
        self.go("today")
        self.wait_text("需要处理", ".view")
        self.assertIn("今日", self.text("#nav"))
        self.sign_in("信息员一")
        self.assertNotIn("今日", self.text("#nav"))
        self.browser.get(self.office.url + "#/today")
        self.browser.refresh()
        self.wait_text("没有这个页面", "#main")


if __name__ == "__main__":
    harness.main()
