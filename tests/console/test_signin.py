"""Signing in to the console in Chromium: the form, a wrong password and the lockout, the
session's name and role on every page, signing out."""

import harness


class SignIn(harness.ConsoleBrowserTest):

    def test_the_secretary_signs_in_and_sees_their_name_and_role(self):
        self.sign_out()
        self.open()
        self.wait("#login-name")
        img = self.screenshot("login-desktop")
        self.screenshot("login-phone", harness.PHONE)
        self.assertTrue(self.is_red(img.getpixel((10, 10))), "the red title bar")
        self.size(harness.DESKTOP)
        self.sign_in("书记")
        self.assertIn("书记", self.text(".who"))
        self.assertIn("东岛刘家村", self.text(".top"))
        nav = self.text("#nav")
        for title in ("账户与日志",):
            self.assertIn(title, nav)

    def test_five_wrong_passwords_lock_the_account_and_say_so(self):
        self.sign_out()
        self.open()
        name = self.wait("#login-name")
        name.send_keys("文书")
        for i in range(1, 5):
            self.find("#login-password").send_keys("wrong-password")
            self.find("#login-submit").click()
            self.wait_text(f"还可以再试 {5 - i} 次", ".login")
        self.find("#login-password").send_keys("wrong-password")
        self.find("#login-submit").click()
        self.wait_text("账户已锁定", ".login")
        # The right password is refused while it is locked.
        self.find("#login-password").send_keys(harness.PASSWORD)
        self.find("#login-submit").click()
        self.wait_text("分钟后再试", ".login")
        self.screenshot("login-locked", harness.PHONE)
        self.size(harness.DESKTOP)
        self.assertEqual(self.find_all(".who .user"), [])

    def test_the_audit_page_lists_users_and_sign_ins_and_a_collector_cannot_open_it(self):
        self.sign_in("书记")
        self.go("audit")
        self.wait_text("操作日志", ".view")
        self.wait_text("信息员一", ".view")
        self.assertIn("sign-in", self.text(".view"))
        img = self.screenshot("audit-desktop")
        self.assert_title_bar(img, "audit")
        self.screenshot("audit-phone", harness.PHONE)
        self.size(harness.DESKTOP)
        self.sign_in("信息员一")
        self.assertNotIn("账户与日志", self.text("#nav"))
        self.browser.get(self.office.url + "#/audit")
        self.wait_text("没有这个页面", "#main")

    def test_a_form_posted_without_its_csrf_token_is_refused(self):
        self.sign_in("书记")
        self.go("audit")
        before = len(self.api("GET", "audit")["body"]["rows"])
        # The browser sends the session cookie by itself; only the page knows the token.
        post = """
            const [headers, done] = arguments;
            fetch('/console/api/fund/deposit', {method: 'POST', credentials: 'same-origin',
                   headers: Object.assign({'Content-Type': 'application/json'}, headers),
                   body: JSON.stringify({amount: '100', note: '测试'})})
              .then(async (r) => done({status: r.status, body: await r.text()}));
        """
        without = self.browser.execute_async_script(post, {})
        self.assertEqual(without["status"], 403, without)
        self.assertIn("CSRF", without["body"])
        wrong = self.browser.execute_async_script(post, {"X-CSRF-Token": "0" * 64})
        self.assertEqual(wrong["status"], 403, wrong)
        after = self.api("GET", "audit")["body"]["rows"]
        self.assertEqual(len(after), before, "nothing was changed or logged")
        fund = self.api("GET", "fund")["body"]
        token = self.browser.execute_script("return RC.state.csrf")
        ok = self.browser.execute_async_script(post, {"X-CSRF-Token": token})
        self.assertEqual(ok["status"], 200, ok)
        self.assertEqual(self.api("GET", "fund")["body"]["balance_fen"], fund["balance_fen"] + 10000)
        self.assertEqual(self.api("GET", "audit")["body"]["rows"][0]["action"], "fund deposit")

    def test_signing_out_ends_the_session(self):
        self.sign_in("审计")
        self.click_text("退出")
        self.wait("#login-name")
        self.browser.refresh()
        self.wait("#login-name")


if __name__ == "__main__":
    harness.main()
