"""The council page (议事会) in Chromium: the secretary previews the month's pending grid logs
with each villager's score before and after, posts them as one batch (the ledger changes), and
reverses the batch with a reason; the clerk reads without buttons."""

import json

import harness


class Council(harness.ConsoleBrowserTest):

    def record_logs(self):
        """Two pending logs (one award, one deduction) for the month addLog assigns; that month."""
        meta = self.api("GET", "gridlog/meta")["body"]
        rules = [r for c in meta["rules"] for r in c["rules"]]
        plus = next(r for r in rules if r["points"] > 0)
        minus = next(r for r in rules if r["points"] < 0)
        people = self.api("GET", "gridlog/villagers?q=")["body"]["villagers"]
        logs = []
        for v, r, ev in ((people[0], plus, "帮孤寡老人收玉米"), (people[1], minus, "柴草堆在路上")):
            res = self.api("POST", "gridlog/logs", {"villager_id": v["id"], "rule_code": r["code"], "evidence": ev})
            self.assertTrue(res["ok"], res)
            logs.append(res["body"]["log"])
        return logs[0]["month"], logs, (people[0], plus), (people[1], minus)

    def batches(self, month):
        out = self.office.office("--json", "council", "list", "--month", month).stdout
        return json.loads(out)

    def test_the_secretary_previews_posts_and_reverses_the_months_batch(self):
        self.sign_in("书记")
        self.go("council", "#co-month")
        self.assertIn("议事会", self.text("h1"))
        month, logs, (v1, plus), (v2, minus) = self.record_logs()
        self.assertEqual(self.batches(month), [])

        self.go("council?month=" + month, ".co-totals")
        text = self.text(".view")
        self.assertIn(f"{v1['score']} → {v1['score'] + plus['points']}", text)
        self.assertIn(f"{v2['score']} → {v2['score'] + minus['points']}", text)
        self.assertIn("柴草堆在路上", text)
        img = self.screenshot("council-desktop")
        self.assert_title_bar(img, "council")
        self.screenshot("council-phone", harness.PHONE)
        self.size(harness.DESKTOP)

        # Approvers and minutes are required before the confirmation.
        self.find("#co-post").click()
        self.wait_text("批准人", "#notice")
        self.find("#co-approvers").send_keys("刘书记、王主任、张委员")
        self.find("#co-minutes").send_keys("议事会〔2026〕12号")
        self.find("#co-post").click()
        self.wait(".dialog")
        self.wait_text("2 条", ".dialog")
        self.find(".dialog .actions button:last-child").click()
        self.wait_text("已过账：批次", "#notice")
        listed = self.batches(month)
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["lines"], 2)
        self.assertEqual(listed[0]["approvers"], "刘书记、王主任、张委员")
        self.assertIsNone(listed[0]["reversed_at"])
        scores = {v["id"]: v["score"] for v in self.api("GET", "gridlog/villagers?q=")["body"]["villagers"]}
        self.assertEqual(scores[v1["id"]], v1["score"] + plus["points"])
        self.assertEqual(scores[v2["id"]], v2["score"] + minus["points"])

        # The batch's lines, then its reversal with a reason.
        self.wait_text("有效", "#main")
        self.click_text("批次 " + str(listed[0]["id"]), "a")
        self.wait("#co-reverse")
        self.wait_text("柴草堆在路上", "#main")
        self.screenshot("council-batch-phone", harness.PHONE)
        self.size(harness.DESKTOP)
        self.find("#co-reverse").click()
        self.wait(".dialog")
        self.find(".dialog .actions button:last-child").click()  # no reason: refused
        self.wait_text("撤销要写理由", "#notice")
        self.find("#co-reverse").click()
        self.wait(".dialog")
        self.find("#co-reverse-reason").send_keys("议事会复议撤回")
        self.find(".dialog .actions button:last-child").click()
        self.wait_text("已撤销", "#main")
        listed = self.batches(month)
        self.assertEqual(listed[0]["reversal_reason"], "议事会复议撤回")
        scores = {v["id"]: v["score"] for v in self.api("GET", "gridlog/villagers?q=")["body"]["villagers"]}
        self.assertEqual(scores[v1["id"]], v1["score"])
        self.assertEqual(scores[v2["id"]], v2["score"])

    def test_the_clerk_reads_without_buttons(self):
        self.sign_in("文书")
        self.go("council", "#co-month")
        self.assertEqual(self.find_all("#co-post"), [])
        self.assertEqual(self.find_all(".co-reverse"), [])
        self.sign_in("信息员一")
        self.assertNotIn("议事会", self.text("#nav"))


if __name__ == "__main__":
    harness.main()
