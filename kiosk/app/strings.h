#pragma once
// Every word the kiosk shows, in Chinese (first) and English, so the language toggle is one
// lookup and the font's glyph ranges can be built from the table. "{}" marks a value filled in
// by fill(). Pure data; thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace rc::kiosk {

enum class Lang { Zh, En };

// X(name, Chinese, English, display): display strings are drawn at title sizes too.
#define RC_KIOSK_STRINGS(X)                                                                          \
  X(AppTitle, "东岛刘家村 · 红色信用", "Dongdao Liujia · Red Credit", false)                          \
  X(LangToggle, "English", "中文", false)                                                            \
  X(ReaderOk, "读卡器正常", "Reader ready", false)                                                   \
  X(ReaderMissing, "读卡器未连接", "Reader not connected", false)                                   \
  X(SyncConnecting, "正在连接村委会…", "Connecting to the office…", false)                         \
  X(SyncSynced, "已同步 {}", "Synced {}", false)                                                     \
  X(SyncPending, "待同步 {} 笔", "{} to sync", false)                                               \
  X(SyncOffline, "网络断开，离线工作中", "Offline, working normally", false)                       \
  X(SyncOfflinePending, "网络断开，离线工作中 · 待同步 {} 笔", "Offline, working · {} to sync", false) \
  X(SyncCertMismatch, "村委会证书不符，已停止同步", "Office certificate mismatch: no sync", false) \
  X(Back, "返回", "Back", false)                                                                     \
  X(Done, "完成", "Done", false)                                                                     \
  X(Exit, "退出", "Log out", false)                                                                  \
  X(ScanPrompt, "请刷卡或扫码", "Tap card or scan code", true)                                       \
  X(ScanHint, "把村民卡放在读卡区，或把二维码对准扫码口", "Hold your villager card on the reader, or show its QR code", false) \
  X(PartyBoardTitle, "{}月 党员红灰榜", "Party red/grey board, month {}", false)                   \
  X(HonourTitle, "光荣榜 · 本月前十名", "Honour roll · top 10", false)                             \
  X(VolunteerTitle, "本月志愿服务", "Volunteering this month", false)                              \
  X(HoursUnit, "小时", "hours", false)                                                               \
  X(VolunteerSessions, "共 {} 人次参加", "{} sessions served", false)                              \
  X(Loading, "正在读取…", "Loading…", false)                                                         \
  X(Hello, "{}，您好", "Hello, {}", false)                                                           \
  X(ScoreLabel, "信用分", "Credit score", false)                                                     \
  X(PointsLabel, "可兑换积分", "Points to spend", false)                                             \
  X(RedStars, "红星 {} 颗", "{} red stars", false)                                                   \
  X(GreyStars, "灰星 {} 颗", "{} grey stars", false)                                                 \
  X(NoStars, "还没有星", "No stars yet", false)                                                      \
  X(Rank, "本月排名：第 {} 名（共 {} 人）", "Rank this month: {} of {}", false)                      \
  X(WelfareYes, "信用分达到1005分，可以领取节日福利。", "Score 1005 or more: you receive festival welfare.", false) \
  X(WelfareNo, "信用分还差 {} 分到1005分，暂时不能领取节日福利。", "{} more to reach 1005; no festival welfare until then.", false) \
  X(YellowCard, "黄牌提醒：本月排名在后十名。", "Yellow card: among the lowest ten this month.", false) \
  X(YellowCardPair, "党员{}会来一对一帮您。", "Party member {} will help you one to one.", false)  \
  X(RecentTitle, "最近记录", "Recent entries", false)                                                \
  X(NoEntries, "还没有记录", "No entries yet", false)                                                \
  X(GoShop, "去超市兑换", "Supermarket", false)                                                      \
  X(KindAward, "议事会奖励", "Council award", false)                                                 \
  X(KindDeduction, "议事会扣分", "Council deduction", false)                                         \
  X(KindVolunteer, "志愿服务", "Volunteering", false)                                                \
  X(KindFund, "基金奖励", "Fund reward", false)                                                      \
  X(KindRedeem, "超市兑换", "Supermarket", false)                                                    \
  X(KindBooking, "服务预约", "Booking", false)                                                       \
  X(KindVoid, "撤销", "Voided", false)                                                               \
  X(PointsDelta, "积分 {}", "points {}", false)                                                      \
  X(ScoreDelta, "信用分 {}", "score {}", false)                                                      \
  X(ShopTitle, "红色信用超市", "Red credit supermarket", false)                                      \
  X(Available, "可用积分 {}", "{} points to spend", false)                                           \
  X(PointsEach, "{} 积分", "{} points", false)                                                       \
  X(Stock, "还剩 {} 件", "{} left", false)                                                           \
  X(SoldOut, "已换完", "Sold out", false)                                                            \
  X(WelfareItem, "福利商品", "Welfare item", false)                                                  \
  X(InCart, "已选 {}", "{} in cart", false)                                                          \
  X(Cart, "购物车", "Cart", false)                                                                   \
  X(CartEmpty, "点商品加入购物车，也可以扫商品条码", "Tap a product, or scan its barcode", false)    \
  X(Total, "合计 {} 积分", "Total {} points", false)                                                 \
  X(After, "兑换后还剩 {} 积分", "{} points left after", false)                                      \
  X(Confirm, "确认兑换", "Redeem", false)                                                            \
  X(Redeeming, "正在兑换…", "Redeeming…", false)                                                     \
  X(PrevPage, "上一页", "Previous", false)                                                           \
  X(NextPage, "下一页", "Next", false)                                                               \
  X(Added, "已加入：{}", "Added: {}", false)                                                         \
  X(LimitReached, "{}每次最多换 {} 件", "{}: at most {} per order", false)                          \
  X(MoreLines, "还有 {} 样商品", "{} more items", false)                                             \
  X(Success, "兑换成功", "Redeemed", true)                                                           \
  X(OrderNo, "订单号 {}", "Order {}", false)                                                         \
  X(Spent, "用了 {} 积分，还剩 {} 积分", "{} points spent, {} left", false)                          \
  X(TakeGoods, "请把订单号告诉店员，领取商品", "Tell the shopkeeper your order number to collect the goods", false) \
  X(ErrUnknownCardTitle, "这张卡没有登记", "Card not registered", true)                             \
  X(ErrUnknownCardBody, "读到了卡，但村里的名册里没有这张卡。", "The card was read but is not in the village roster.", false) \
  X(ErrUnknownCardNext, "请到村委会办卡或补卡。", "Please get a card at the village office.", false) \
  X(ErrPointsTitle, "积分不够", "Not enough points", true)                                          \
  X(ErrPointsBody, "{}要 {} 积分，您还可以用 {} 积分。", "{} needs {} points; you have {} to spend.", false) \
  X(ErrPointsNext, "请换便宜些的商品，或减少数量。", "Please choose something cheaper, or fewer.", false) \
  X(ErrStockTitle, "商品已换完", "Sold out", true)                                                  \
  X(ErrStockBody, "{}现在没有货了。", "{} is out of stock right now.", false)                      \
  X(ErrStockNext, "请选别的商品，或问店员什么时候补货。", "Please choose another product, or ask the shopkeeper.", false) \
  X(ErrEligibleTitle, "暂时不能兑换", "Not available yet", true)                                    \
  X(ErrEligibleBody, "{}是福利商品，信用分达到1005分才能兑换。", "{} is a welfare item: it needs a score of 1005.", false) \
  X(ErrEligibleNext, "多参加志愿服务，可以提高信用分。", "Volunteering raises your credit score.", false) \
  X(ErrReaderTitle, "读卡器没有连接", "Reader not connected", true)                                 \
  X(ErrReaderBody, "现在刷卡和扫码都用不了。", "Cards and codes cannot be read right now.", false) \
  X(ErrReaderNext, "请找工作人员检查读卡器的连线。", "Please ask the staff to check the reader cable.", false) \
  X(ErrDbTitle, "暂停服务", "Out of service", true)                                                 \
  X(ErrDbBody, "系统暂时读不到账本，您的积分不会丢失。", "The kiosk cannot reach its ledger. Your points are safe.", false) \
  X(ErrDbNext, "请稍后再来，或到村委会办理。", "Please come back later, or visit the village office.", false) \
  X(ErrTrustBody, "本机的记录需要工作人员核对，暂时不能使用。您的积分在村委办公室的账本上，不会丢失。", "This kiosk's records need checking by staff, so it cannot be used for now. Your points are kept in the village office's ledger.", false) \
  X(ErrTrustNext, "请到村委办公室办理，或请工作人员来看看。", "Please go to the village office, or ask staff to look at the kiosk.", false) \
  X(ErrProductTitle, "没有找到这件商品", "Product not found", true)                                 \
  X(ErrProductBody, "这个条码不在超市的商品目录里。", "This barcode is not in the supermarket's list.", false) \
  X(ErrProductNext, "请把商品交给店员。", "Please hand the item to the shopkeeper.", false)          \
  X(ErrCardFirstTitle, "请先刷卡", "Card first, please", true)                                      \
  X(ErrCardFirstBody, "扫商品之前，要先刷村民卡。", "Tap your villager card before scanning goods.", false) \
  X(ErrCardFirstNext, "请先刷卡，再扫商品条码。", "Tap your card, then scan the item again.", false) \
  X(ErrUnreadableTitle, "没有读清楚", "Could not read that", true)                                  \
  X(ErrUnreadableBody, "卡片或条码没有读清楚。", "The card or code was not read clearly.", false)   \
  X(ErrUnreadableNext, "请再刷一次，拿稳一点。", "Please try again and hold it still.", false)       \
  X(ErrRedeemTitle, "兑换没有成功", "Redemption failed", true)                                      \
  X(ErrRedeemBody, "这次兑换没有记账，积分没有扣。", "Nothing was recorded; no points were taken.", false) \
  X(ErrRedeemNext, "请再试一次，或找店员帮忙。", "Please try again, or ask the shopkeeper.", false) \
  X(ErrOfflineTitle, "今天离线兑换已达上限", "Offline limit reached for today", true)            \
  X(ErrOfflineBody, "现在连不上村委会。断网时每人每天最多兑换 {} 积分，您今天还可以兑换 {} 积分。", "The kiosk cannot reach the village office. Offline, each villager may redeem up to {} points a day; {} are left for you today.", false) \
  X(ErrOfflineNext, "请少选一些，或等网络恢复，或到村委办公室办理。", "Take fewer items, wait until the network is back, or go to the village office.", false) \
  X(IdleTitle, "还在使用吗？", "Still there?", true)                                                \
  X(IdleBody, "{} 秒后回到首页，没确认的购物车会清空。", "Back to the start in {} s; an unconfirmed cart is cleared.", false) \
  X(IdleStay, "继续使用", "Keep going", false)

enum class Str {
#define RC_KIOSK_STR_ENUM(name, zh, en, display) name,
  RC_KIOSK_STRINGS(RC_KIOSK_STR_ENUM)
#undef RC_KIOSK_STR_ENUM
};

std::string_view tr(Str id, Lang lang) noexcept;
// Replaces each "{}" in order with the next argument.
std::string fill(std::string_view pattern, std::initializer_list<std::string> args);
inline std::string tr(Str id, Lang lang, std::initializer_list<std::string> args) {
  return fill(tr(id, lang), args);
}

// Every string in both languages, and those drawn at display sizes, for the glyph ranges.
std::vector<std::string_view> allStrings();
std::vector<std::string_view> displayStrings();

}  // namespace rc::kiosk
