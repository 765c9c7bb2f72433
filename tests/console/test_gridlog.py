"""The grid log page (网格日志) in Chromium: a collector finds a villager of their grid, picks a
rule, writes the evidence, previews and confirms; another grid's collector never sees it, and
the office refuses a collector another grid's villager."""

import harness
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


class GridLog(harness.ConsoleBrowserTest):

    def pick_rule(self, negative=True):
        select = Select(self.find("#gl-rule"))
        for opt in select.options:
            if opt.get_attribute("value") and ("−" in opt.text) == negative:
                select.select_by_value(opt.get_attribute("value"))
                return opt.text
        raise AssertionError("no rule to pick")

    def test_a_collector_records_a_log_and_cannot_see_another_grid(self):
        self.sign_in("信息员二")
        self.go("gridlog", "#gl-search")
        grid2 = self.api("GET", "gridlog/villagers?q=")["body"]["villagers"]
        self.assertTrue(grid2)
        self.assertTrue(all(v["grid"] == "第二网格" for v in grid2))

        self.sign_in("信息员一")
        self.go("gridlog", "#gl-search")
        self.assertIn("第一网格", self.text("h1"))
        grid1 = self.api("GET", "gridlog/villagers?q=")["body"]["villagers"]
        villager = grid1[0]
        self.find("#gl-search").send_keys(villager["name"])
        self.wait(".gl-pick")
        for b in self.find_all(".gl-pick"):
            if b.text.startswith(villager["name"]):
                b.click()
                break
        self.wait_text(villager["name"], "#gl-chosen")
        rule = self.pick_rule(negative=True)
        evidence = self.find("#gl-evidence")
        evidence.send_keys("12月1日上午在村东路口")
        evidence.send_keys(Keys.ENTER)
        evidence.send_keys("乱堆建筑垃圾，劝说未清理")
        self.screenshot("gridlog-form-phone", harness.PHONE)
        self.size(harness.DESKTOP)
        self.find("#gl-preview").click()
        self.wait(".dialog")
        self.wait_text("记这一条？", ".dialog")
        self.assertIn(villager["name"], self.text(".dialog"))
        self.assertIn(rule.split()[0], self.text(".dialog"))
        self.click_text("确认记上")
        self.wait_text("已记上", "#notice")
        self.wait_text("乱堆建筑垃圾", "#gl-list")
        self.assertIn("待议", self.text("#gl-list"))
        self.assertIn("信息员一", self.text("#gl-list"))
        logs = self.api("GET", "gridlog/logs")["body"]["logs"]
        mine = [l for l in logs if "乱堆建筑垃圾" in l["evidence"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["evidence"], "12月1日上午在村东路口；乱堆建筑垃圾，劝说未清理")

        img = self.screenshot("gridlog-desktop")
        self.assert_title_bar(img, "gridlog")
        self.size(harness.PHONE)
        self.browser.execute_script("document.getElementById('gl-list-title').scrollIntoView()")
        self.screenshot("gridlog-phone", harness.PHONE)
        self.size(harness.DESKTOP)

        # The office refuses 信息员一 a grid-2 villager.
        r = self.api("POST", "gridlog/logs", {"villager_id": grid2[0]["id"], "rule_code": mine[0]["rule_code"],
                                              "evidence": "别的网格"})
        self.assertFalse(r["ok"])
        self.assertEqual(r["status"], 403)
        self.assertIn("不在你的网格", r["error"])

        # 信息员二 does not see it, not even by asking for grid 1.
        self.sign_in("信息员二")
        self.go("gridlog", "#gl-list")
        self.wait(".gl-counts")
        self.assertNotIn("乱堆建筑垃圾", self.text(".view"))
        r = self.api("GET", "gridlog/logs?grid=1")
        self.assertEqual(r["status"], 403)
        self.assertNotIn(mine[0]["id"], [l["id"] for l in self.api("GET", "gridlog/logs")["body"]["logs"]])

        # The secretary sees it and drops it with a reason.
        self.sign_in("书记")
        self.go("gridlog", "#gl-list")
        self.wait_text("乱堆建筑垃圾", "#gl-list")
        self.assertIn("全部网格", self.text("h1"))
        row = [tr for tr in self.find_all("#gl-list tr") if "乱堆建筑垃圾" in tr.text][0]
        row.find_element("css selector", ".gl-drop").click()
        self.wait(".dialog")
        self.find("#gl-drop-reason").send_keys("重复记录")
        self.find(".dialog .actions button:last-child").click()
        self.wait_text("已作废：", "#notice")
        self.wait_text("重复记录", "#gl-list")
        out = self.office.office("--json", "log", "list", "--state", "dropped").stdout
        self.assertIn("重复记录", out)

    def test_the_auditor_reads_without_a_form(self):
        self.sign_in("审计")
        self.go("gridlog", "#gl-list")
        self.assertEqual(self.find_all("#gl-form"), [])
        self.assertEqual(self.find_all(".gl-drop"), [])
        self.wait("#gl-grid")


if __name__ == "__main__":
    harness.main()
