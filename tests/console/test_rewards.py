"""The rewards page (季度奖励) in Chromium: the fund and its movements; the demo's last finished
quarter shown paid; 2026Q4, which the demo's fund cannot cover, refused plainly with nothing to
press; a deposit, then the quarter paid through the confirmation and shown paid. The clerk reads
with no buttons; a collector has no such page."""

import harness


class Rewards(harness.ConsoleBrowserTest):

    def confirm(self, ok_text):
        self.wait("#dialog .dialog")
        self.click_text(ok_text)
        self.wait("#dialog", visible=False)

    def test_deposit_then_pay_a_quarter_and_it_shows_paid(self):
        self.sign_in("书记")
        self.size(harness.DESKTOP)
        # The default: the last finished quarter, which the demo village has paid.
        self.go("rewards", "#reward-verdict")
        self.wait_text("已发放", "#reward-verdict")
        self.assertEqual(self.find("#reward-quarter").get_attribute("value"), "2026Q3")

        # 2026Q4 needs more than the fund holds: said plainly, nothing to press.
        self.go("rewards/2026Q4", "#reward-verdict")
        self.wait_text("基金不够", "#reward-verdict")
        self.assertIn("还差", self.text("#reward-verdict"))
        self.assertEqual(self.find_all("#reward-pay"), [])
        plan = self.api("GET", "rewards?quarter=2026Q4")["body"]
        self.assertFalse(plan["covered"])
        self.screenshot("rewards-short", harness.PHONE)
        self.size(harness.DESKTOP)

        # A deposit through the form, confirmed.
        fund = self.api("GET", "fund")["body"]
        self.find("#deposit-amount").send_keys("100000")
        self.find("#deposit-note").send_keys("镇财政拨款")
        self.find("#deposit-submit").click()
        self.wait_text("100,000.00 元", "#dialog")
        self.confirm("确认存入")
        self.wait_text("已存入", "#notice")
        after = self.api("GET", "fund")["body"]
        self.assertEqual(after["balance_fen"], fund["balance_fen"] + 10_000_000)
        self.wait_text("镇财政拨款", ".view")

        # Now covered: one button, previewed figures in the confirmation.
        self.wait_text("发放后基金余额", "#reward-verdict")
        self.find("#reward-pay").click()
        self.wait_text(f"给 {plan['villagers']} 位村民", "#dialog")
        self.confirm("确认发放")
        self.wait_text("已发放2026年第4季度奖励", "#notice")
        self.wait_text("已发放", "#reward-verdict")
        self.assertEqual(self.find_all("#reward-pay"), [])
        paid = self.api("GET", "fund")["body"]
        self.assertTrue(any(q["quarter"] == "2026Q4" and q["paid"] for q in paid["quarters"]))
        self.assertEqual(paid["balance_fen"], after["balance_fen"] - plan["fen"])
        self.assertIn("（已发放）", self.find("#reward-quarter option[value='2026Q4']").text)
        names = [e.get_attribute("textContent") for e in self.find_all(".payees td[data-label='姓名']")]
        self.assertEqual(len(names), plan["villagers"])
        self.assertEqual(names[0], plan["payees"][0]["name"])

        img = self.screenshot("rewards-desktop")
        self.assert_title_bar(img, "rewards")
        # The paid verdict's green frame.
        box = self.find("#reward-verdict")
        x, y = box.location["x"] + 1, box.location["y"] + box.size["height"] // 2
        if y < img.size[1]:
            r, g, b = img.getpixel((x, y))[:3]
            self.assertTrue(g > r and g > b, f"the paid verdict is framed in green, not {(r, g, b)}")
        self.screenshot("rewards-phone", harness.PHONE)
        self.size(harness.DESKTOP)

        # Paying again is refused by the office even if asked directly.
        again = self.api("POST", "rewards/pay", {"quarter": "2026Q4", "villagers": plan["villagers"],
                                                 "points": plan["points"], "fen": plan["fen"]})
        self.assertFalse(again["ok"])
        self.assertEqual(again["status"], 409)

    def test_the_clerk_reads_without_buttons_and_a_collector_has_no_page(self):
        self.sign_in("文书")
        self.go("rewards/2026Q3", "#reward-verdict")
        self.wait_text("红色信用基金余额", ".view")
        self.assertEqual(self.find_all("#deposit-form"), [])
        self.assertEqual(self.find_all("#reward-pay"), [])
        self.assertIn("村集体注入红色信用基金", self.text(".view"))
        self.sign_in("信息员一")
        self.assertNotIn("季度奖励", self.text("#nav"))
        self.browser.get(self.office.url + "#/rewards")
        self.wait_text("没有这个页面", "#main")


if __name__ == "__main__":
    harness.main()
