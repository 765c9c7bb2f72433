"""A month's end across the console's pages in Chromium: a collector records an award in the
grid log, the secretary posts the month's batch on the council page, and the boards page shows
the new order of the honour roll."""

import harness


class MonthEnd(harness.ConsoleBrowserTest):

    def test_the_secretary_posts_the_months_batch_and_the_board_shows_the_new_order(self):
        self.sign_in("书记")
        meta = self.api("GET", "gridlog/meta")["body"]
        month = meta["month"]
        rules = [r for c in meta["rules"] for r in c["rules"]]
        award = max(rules, key=lambda r: r["points"])
        before = self.api("GET", "boards?month=" + month)["body"]["commended"]
        # Someone just behind the leader by less than the award: the award puts them first.
        leader = before[0]
        chaser = next((r for r in before if 0 < leader["score"] - r["score"] < award["points"]), None)
        self.assertIsNotNone(chaser, f"no one within {award['points']} of the leader: {before[:5]}")
        self.assertNotEqual(chaser["name"], leader["name"])

        self.go("boards/" + month, "#board-commended .board-row")
        first = self.find_all("#board-commended .board-row .name")[0].text
        self.assertEqual(first, leader["name"])

        # The log goes in through the grid log page's route, as the collector's form sends it.
        res = self.api("POST", "gridlog/logs", {"villager_id": chaser["id"], "rule_code": award["code"],
                                                "evidence": "雨夜帮邻居抢修屋顶"})
        self.assertTrue(res["ok"], res)

        self.go("council?month=" + month, ".co-totals")
        self.wait_text("雨夜帮邻居抢修屋顶", ".view")
        self.find("#co-approvers").send_keys("刘书记、王主任、张委员")
        self.find("#co-minutes").send_keys("议事会〔2026〕13号")
        self.find("#co-post").click()
        self.wait(".dialog")
        self.find(".dialog .actions button:last-child").click()
        self.wait_text("已过账：批次", "#notice")

        self.go("boards/" + month, "#board-commended .board-row")
        names = [e.text for e in self.find_all("#board-commended .board-row .name")]
        self.assertEqual(names[0], chaser["name"], "the award moved the chaser to the top")
        self.assertIn(leader["name"], names)
        self.assertLess(names.index(chaser["name"]), names.index(leader["name"]))
        img = self.screenshot("boards-after-council")
        self.assert_title_bar(img, "boards after the council")


if __name__ == "__main__":
    harness.main()
