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
  X(SayAgain, "再听一遍", "Say it again", false)                                                     \
  X(SayScore, "信用分 {} 分，可兑换积分 {}", "Credit score {}; {} points to spend", false)          \
  X(ReaderOk, "读卡器正常", "Reader ready", false)                                                   \
  X(ReaderMissing, "读卡器未连接", "Reader not connected", false)                                   \
  X(SyncConnecting, "正在连接村委会…", "Connecting to the office…", false)                         \
  X(SyncSynced, "已同步 {}", "Synced {}", false)                                                     \
  X(SyncPending, "待同步 {} 笔", "{} to sync", false)                                               \
  X(SyncOffline, "网络断开，离线工作中", "Offline, working normally", false)                       \
  X(SyncOfflinePending, "网络断开，离线工作中 · 待同步 {} 笔", "Offline, working · {} to sync", false) \
  X(SyncCertMismatch, "村委会证书不符，已停止同步", "Office certificate mismatch: no sync", false) \
  X(PrinterPaperOut, "打印机缺纸", "Printer out of paper", false)                                  \
  X(PrinterMissing, "未连接打印机", "No printer connected", false)                                 \
  X(PrinterFault, "打印机故障", "Printer fault", false)                                            \
  X(Back, "返回", "Back", false)                                                                     \
  X(Done, "完成", "Done", false)                                                                     \
  X(Exit, "退出", "Log out", false)                                                                  \
  X(ScanPrompt, "请刷卡或扫码", "Tap card or scan code", true)                                       \
  X(ScanHint, "把村民卡放在读卡区，或把二维码对准扫码口", "Hold your villager card on the reader, or show its QR code", false) \
  X(PartyBoardTitle, "{}月 党员红灰榜", "Party red/grey board, month {}", false)                   \
  X(HonourTitle, "光荣榜 · 本月前十名（含并列）", "Honour roll · top 10 and ties", false)                             \
  X(VolunteerTitle, "本月志愿服务", "Volunteering this month", false)                              \
  X(HoursUnit, "小时", "hours", false)                                                               \
  X(VolunteerSessions, "共 {} 人次参加", "{} sessions served", false)                              \
  X(Loading, "正在读取…", "Loading…", false)                                                         \
  X(Hello, "{}，您好", "Hello, {}", false)                                                           \
  X(ScoreLabel, "信用分", "Credit score", false)                                                     \
  X(PointsLabel, "可兑换积分", "Points to spend", false)                                             \
  X(RedStars, "{} 颗红星", "{} red stars", false)                                                   \
  X(GreyStars, "{} 颗灰星", "{} grey stars", false)                                                 \
  X(NoStars, "还没有星", "No stars yet", false)                                                      \
  X(BoardRedStars, "{}颗红星", "{} red", false)                                                      \
  X(BoardGreyStars, "{}颗灰星", "{} grey", false)                                                    \
  X(Rank, "本月排名：第 {} 名（共 {} 人）", "Rank this month: {} of {}", false)                      \
  X(WelfareYes, "信用分达到1005分，可以领取节日福利。", "Score 1005 or more: you receive festival welfare.", false) \
  X(WelfareNo, "信用分还差 {} 分到1005分，暂时不能领取节日福利。", "{} more to reach 1005; no festival welfare until then.", false) \
  X(Recruiting, "本月招募志愿者：{}。报名参加，可以提高信用分。", "Recruiting volunteers this month: {}. Joining raises your score.", false) \
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
  X(BothDeltas, "信用分 {} · 积分 {}", "score {} · points {}", false)                               \
  X(RecentHint, "点一条记录，看原因", "Tap an entry to see why", false)                              \
  X(EntryDate, "日期：{}", "Date: {}", false)                                                         \
  X(EntryCouncil, "{}年{}月 信用议事会议", "Credit council of {}-{}", false)                        \
  X(EntryMinutes, "服务 {} 分钟", "{} minutes served", false)                                         \
  X(EntryEvidence, "依据：{}", "Evidence: {}", false)                                                 \
  X(EntryMoved, "这条记录：", "This entry:", false)                                                  \
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
  X(SayLatest, "最近一条记录：{}", "Latest record: {}", false) \
  X(FirstSyncTitle, "正在从村委会下载名单…", "Downloading the roster from the office…", true) \
  X(FirstSyncWhy, "这台机器第一次开机，要先从村委会取得全村的名单、积分和商品。下载好以后就可以刷卡了。", "This kiosk is starting for the first time: it first fetches the village's roster, points and goods from the office. Cards work as soon as that is done.", false) \
  X(FirstSyncConnecting, "正在连接村委会…", "Connecting to the office…", false) \
  X(FirstSyncProgress, "已收到 {} 位村民、{} 件商品（第 {} 批）", "Received {} villagers and {} products (batch {})", false) \
  X(FirstSyncRetrying, "还没连上村委会，正在重试（已试 {} 次）", "The office is not reachable yet; trying again (tried {} times)", false) \
  X(FirstSyncRetryNext, "请工作人员检查网线或无线网络，不用关机。", "Staff: please check the network cable or Wi-Fi. No need to switch off.", false) \
  X(FirstSyncHeld, "已读到您的卡，名单下载好后马上为您打开。", "Your card was read: it opens as soon as the roster is here.", false) \
  X(IdleBody, "{} 秒后回到首页，没确认的购物车会清空。", "Back to the start in {} s; an unconfirmed cart is cleared.", false) \
  X(IdleStay, "继续使用", "Keep going", false)                                                      \
  X(GoServices, "服务预约", "Services", false)                                                       \
  X(ServicesTitle, "服务预约", "Book a service", false)                                              \
  X(HomeMine, "我的预约 · {} 项", "My bookings · {}", false)                                         \
  X(HomeVolunteer, "志愿服务 · 待认领 {}", "Volunteering · {} open", false)            \
  X(StationSupermarket, "红色信用超市", "Supermarket", false)                                         \
  X(StationLaundry, "净衣社", "Laundry", false)                                                      \
  X(StationHaircut, "理发", "Haircut", false)                                                        \
  X(StationRepair, "修理", "Repairs", false)                                                         \
  X(StationErrand, "跑腿", "Errands", false)                                                         \
  X(StationMachinery, "三秋农机服务", "Farm machinery", false)                                       \
  X(StationCanteen, "暖心食堂", "Warm canteen", false)                                               \
  X(WordLaundry, "洗衣", "laundry", false)                                                           \
  X(WordMachinery, "农机", "farm machinery", false)                                                  \
  X(WordCanteen, "食堂", "canteen", false)                                                           \
  X(WordRequest, "服务", "service", false)                                                           \
  X(PickSlot, "选一个时间", "Choose a time", false)                                                  \
  X(Today, "今天", "Today", false)                                                                   \
  X(Tomorrow, "明天", "Tomorrow", false)                                                             \
  X(DayLabel, "{}月{}日", "{}/{}", false)                                                            \
  X(Sun, "周日", "Sun", false)                                                                       \
  X(Mon, "周一", "Mon", false)                                                                       \
  X(Tue, "周二", "Tue", false)                                                                       \
  X(Wed, "周三", "Wed", false)                                                                       \
  X(Thu, "周四", "Thu", false)                                                                       \
  X(Fri, "周五", "Fri", false)                                                                       \
  X(Sat, "周六", "Sat", false)                                                                       \
  X(FreePlaces, "剩 {} 位", "{} free", false)                                                        \
  X(SlotFullShort, "已满", "Full", false)                                                            \
  X(SlotMine, "您已约", "Yours", false)                                                              \
  X(NoSlots, "这七天没有可以预约的时间", "No times to book in the next seven days", false)           \
  X(CostEach, "每次 {} 积分", "{} points each", false)                                               \
  X(CostFree, "免费", "Free", false)                                                                 \
  X(PickNotes, "点选要办的事，可以选几样", "Tap what you need; you may choose several", false)       \
  X(YourGrid, "您的网格：{}", "Your grid: {}", false)                                               \
  X(NextStep, "下一步", "Next", false)                                                               \
  X(ForWhom, "志愿者{}代{}预约", "Volunteer {} booking for {}", false)                              \
  X(ConfirmBookTitle, "确认预约吗？", "Book this?", true)                                            \
  X(ConfirmRequestTitle, "确认请求吗？", "Send this request?", true)                                 \
  X(ConfirmCancelBookingTitle, "取消这个预约吗？", "Cancel this booking?", true)                     \
  X(ConfirmCancelRequestTitle, "取消这个请求吗？", "Cancel this request?", true)                     \
  X(ConfirmYesBook, "确认预约", "Book", false)                                                       \
  X(ConfirmYesRequest, "确认请求", "Send request", false)                                            \
  X(ConfirmYesCancel, "确认取消", "Yes, cancel", false)                                              \
  X(ConfirmNoCancel, "不取消", "Keep it", false)                                                     \
  X(Working, "正在办理…", "Working…", false)                                                         \
  X(LineStation, "服务：{}", "Service: {}", false)                                                  \
  X(LineTime, "时间：{}", "Time: {}", false)                                                        \
  X(LinePoints, "要用 {} 积分，用后还剩 {} 积分", "{} points; {} left after", false)               \
  X(LineFree, "免费，不用积分", "Free: no points needed", false)                                     \
  X(LineRefund, "取消后退回 {} 积分", "{} points come back", false)                                 \
  X(LineNote, "要办的事：{}", "What: {}", false)                                                    \
  X(LineFor, "为{}预约，用{}的积分", "For {}, with {}'s points", false)                             \
  X(LineGrid, "网格：{}", "Grid: {}", false)                                                        \
  X(TicketBooked, "预约成功", "Booked", true)                                                        \
  X(TicketRequested, "请求已提交", "Request sent", true)                                             \
  X(TicketNo, "号码 {}", "Number {}", false)                                                         \
  X(TicketBookedNext, "到时候带上村民卡，到{}报这个号码。", "Bring your villager card and give this number at {}.", false) \
  X(TicketRequestNext, "志愿者认领后会来帮您，在“我的预约”里可以看到。", "A volunteer will claim it and come to help; see it under My bookings.", false) \
  X(TicketPending, "已记下，等村委会确认", "Recorded; the office will confirm it", false)           \
  X(TicketBoth, "志愿者{}为{}预约", "Volunteer {} booked for {}", false)                           \
  X(TicketPoints, "用了 {} 积分", "{} points used", false)                                          \
  X(MineTitle, "我的预约和请求", "My bookings and requests", false)                                 \
  X(MineNone, "现在没有预约，也没有请求", "No bookings or requests now", false)                     \
  X(CancelBtn, "取消", "Cancel", false)                                                              \
  X(StateRequested, "等人认领", "Waiting for a volunteer", false)                                   \
  X(StateClaimed, "{}已认领", "Claimed by {}", false)                                                \
  X(StateDone, "已做完，等您确认", "Done; waiting for you", false)                                   \
  X(StateRefused, "没有成功，积分已退回", "Not kept; points refunded", false)                       \
  X(StateWaitOffice, "等村委会确认", "Waiting for the office", false)                               \
  X(TooLateToCancel, "已过取消时间", "Too late to cancel", false)                                    \
  X(VolTitle, "我的志愿服务", "My volunteering", false)                                              \
  X(VolHours, "本月 {} 小时 {} 分钟", "This month: {} h {} min", false)                             \
  X(VolOpen, "等人认领的请求", "Requests to claim", false)                                           \
  X(VolClaimed, "我认领的", "Claimed by me", false)                                                  \
  X(VolNoneOpen, "现在没有等人认领的请求", "No requests waiting", false)                             \
  X(VolNoneClaimed, "还没有认领", "Nothing claimed yet", false)                                      \
  X(ClaimBtn, "认领", "Claim", false)                                                                \
  X(UnclaimBtn, "放弃", "Give up", false)                                                            \
  X(DoneBtn, "做完了", "Done", false)                                                                \
  X(WaitConfirm, "等对方确认", "Waiting for confirmation", false)                                    \
  X(ForOtherBtn, "帮老人预约", "Book for an elder", false)                                           \
  X(ForOtherTitle, "请老人刷卡", "The elder's card, please", true)                                   \
  X(ForOtherBody, "志愿者{}：请把要帮忙预约的老人的村民卡放在读卡区。用老人的积分预约，预约单上写两个人的名字。", "Volunteer {}: hold the card of the villager you book for on the reader. Their points are used; both names go on the ticket.", false) \
  X(MinutesTitle, "这次服务用了多长时间？", "How long did it take?", true)                            \
  X(MinutesValue, "{} 分钟", "{} min", false)                                                        \
  X(MinutesConfirm, "确认做完", "Mark done", false)                                                  \
  X(MinutesFor, "{}的请求：{}", "{}'s request: {}", false)                                           \
  X(NoticeRefusedTitle, "预约没有成功", "Booking not kept", true)                                     \
  X(NoticeRefused, "您 {} 的{}预约没有成功，积分已退回", "Your {} booking ({}) could not be kept; your points were refunded", false) \
  X(NoticeRefundPoints, "退回了 {} 积分", "{} points refunded", false)                              \
  X(NoticeClaimLostTitle, "已被他人认领", "Already claimed", true)                                   \
  X(NoticeClaimLost, "{} 的{}请求已被他人认领（{}）", "The {} {} request was claimed by someone else ({})", false) \
  X(NoticeDoneTitle, "请确认服务", "Please confirm", true)                                           \
  X(NoticeDoneAsk, "{} 为您{} {} 分钟，确认完成吗？", "{}: {} for you, {} minutes. Is it done?", false) \
  X(NoticeOk, "知道了", "OK", false)                                                                 \
  X(NoticeConfirm, "确认完成", "Yes, it is done", false)                                             \
  X(NoticeLater, "还没有", "Not yet", false)                                                         \
  X(DoneCancelled, "已取消，积分已退回", "Cancelled; points returned", false)                       \
  X(DoneCancelledFree, "已取消", "Cancelled", false)                                                 \
  X(DoneClaimed, "已认领", "Claimed", false)                                                         \
  X(DoneUnclaimed, "已放弃，别人可以认领", "Given up; others may claim it", false)                 \
  X(DoneMarked, "已做完，等对方确认", "Done; waiting for confirmation", false)                       \
  X(DoneConfirmed, "已确认，谢谢", "Confirmed, thank you", false)                                    \
  X(ErrSlotFullTitle, "这个时间已经约满了", "That time is full", true)                             \
  X(ErrSlotFullBody, "{}这个时间的位置刚刚被约完了。", "The last places at {} were just taken.", false) \
  X(ErrSlotFullNext, "请选别的时间。", "Please choose another time.", false)                         \
  X(ErrSlotPastTitle, "这个时间已经过了", "That time has passed", true)                             \
  X(ErrSlotPastBody, "{}这个时间已经开始，不能再约了。", "{} has already started.", false)          \
  X(ErrSlotPastNext, "请选后面的时间。", "Please choose a later time.", false)                        \
  X(ErrMachineryTitle, "您家暂时不能用农机服务", "Not yet for your household", true)               \
  X(ErrMachineryBody, "三秋农机服务要全家每个人的信用分都达到 {} 分。", "The farm machinery needs everyone in the household at a score of {} or more.", false) \
  X(ErrMachineryLine, "{}：{} 分，还差 {} 分", "{}: {}, {} short", false)                          \
  X(ErrMachineryNext, "请到村委会问问怎样提高信用分，也可以找网格员帮忙。", "Ask at the village office, or your grid worker, how to raise the score.", false) \
  X(ErrCanteenTitle, "暖心食堂暂时不能预约", "The warm canteen is not for you yet", true)         \
  X(ErrCanteenBody, "暖心食堂为70岁以上的老人和低保户服务。", "The warm canteen serves villagers aged 70 and over and households on relief.", false) \
  X(ErrCanteenNext, "如果您家有困难，请到村委会说明。", "If your household needs help, tell the village office.", false) \
  X(ErrAlreadyTitle, "已经约过了", "Already booked", true)                                          \
  X(ErrAlreadyBody, "{}这个时间您（或您家）已经约好了。", "You (or your household) already hold {}.", false) \
  X(ErrAlreadyNext, "在“我的预约”里可以看到，也可以取消。", "See or cancel it under My bookings.", false) \
  X(ErrTooLateTitle, "已经不能取消了", "Too late to cancel", true)                                   \
  X(ErrTooLateBody, "{}快要开始了，现在不能再取消。", "{} starts soon; it can no longer be cancelled.", false) \
  X(ErrTooLateNext, "如有困难，请找工作人员。", "If this is a problem, please ask the staff.", false) \
  X(ErrServicePointsBody, "{}要用积分，您的积分现在不够。", "{} needs points; you do not have enough now.", false) \
  X(ErrServicePointsNext, "多参加志愿服务可以挣积分，也可以选免费的服务。", "Volunteering earns points; or choose a free service.", false) \
  X(ErrNeedsOfficeTitle, "要等连上村委会", "This needs the village office", true)                \
  X(ErrNeedsOfficeBody, "现在连不上村委会，{}这个时间最后的几个位置要村委会确认。", "The kiosk cannot reach the village office; the last places at {} need its confirmation.", false) \
  X(ErrNeedsOfficeNext, "请选别的时间，或稍后再约，或到村委会办理。", "Choose another time, try later, or go to the village office.", false) \
  X(ErrClaimedTitle, "已被他人认领", "Already claimed", true)                                       \
  X(ErrClaimedBody, "这个请求已经有别的志愿者认领了。", "Another volunteer claimed this request first.", false) \
  X(ErrClaimedNext, "请看看别的请求。", "Please look at the other requests.", false)                  \
  X(ErrServiceTitle, "没有办成", "It did not go through", true)                                     \
  X(ErrServiceBody, "这次没有记下，积分没有扣。", "Nothing was recorded; no points were taken.", false) \
  X(ErrServiceNext, "请再试一次，或到村委会办理。", "Please try again, or go to the village office.", false) \
  X(StaffPinTitle, "{}，请输入密码", "{}, please enter your PIN", false) \
  X(StaffPinHint, "六位数字，输完自动核对", "Six digits; checked as soon as they are in", false) \
  X(StaffPinWrong, "密码不对，还可以再试 {} 次", "Wrong PIN; {} more tries", false) \
  X(StaffPinChecking, "正在核对…", "Checking…", false) \
  X(StaffLocked, "这张卡输错密码太多次，已锁定。请 {} 分钟后再试。", "Too many wrong PINs: this card is locked. Try again in {} minutes.", false) \
  X(StaffNoPin, "这张卡还没有设置密码，请到村委会设置。", "This card has no PIN yet; please have one set at the village office.", false) \
  X(StaffErase, "删除", "Erase", false) \
  X(StaffMenuTitle, "工作人员：{}", "Staff: {}", false) \
  X(StaffMenuToday, "今日交易", "Today", false) \
  X(StaffMenuRestock, "补货", "Restock", false) \
  X(StaffMenuCount, "盘点", "Stock count", false) \
  X(StaffMenuOrders, "代为确认服务", "Confirm services", false) \
  X(StaffMenuClose, "日结", "Day close", false) \
  X(StaffMenuHint, "每一步都要确认，确认前都可以返回。两分钟不操作自动退出。", "Every step asks before it records; until then Back undoes it. Two minutes untouched logs out.", false) \
  X(StaffTodayTitle, "今日交易 · 本机", "Today at this kiosk", true) \
  X(StaffSumRedeemed, "兑换 {} 笔，共 {} 积分", "Redeemed: {}, {} points", false) \
  X(StaffSumBooked, "预约 {} 笔，共 {} 积分", "Booked: {}, {} points", false) \
  X(StaffSumVoided, "作废 {} 笔，退回 {} 积分", "Voided: {}, {} points back", false) \
  X(StaffPending, "待同步 {} 笔", "{} waiting to sync", false) \
  X(StaffAllSynced, "全部已同步到村委会", "Everything synced to the office", false) \
  X(StaffStandalone, "本机直接记在村委会账本上", "This kiosk writes to the office ledger directly", false) \
  X(StaffNone, "今天还没有交易。", "No transactions today.", false) \
  X(StaffVoidButton, "作废", "Void", false) \
  X(StaffVoidedMark, "已作废", "Voided", false) \
  X(StaffKindRedeem, "兑换", "Redeemed", false) \
  X(StaffKindBook, "预约", "Booked", false) \
  X(StaffKindVoid, "作废", "Void", false) \
  X(StaffTotalsTitle, "按商品和服务合计", "By product and service", false) \
  X(StaffTotalLine, "{} × {}", "{} × {}", false) \
  X(StaffReasonTitle, "为什么作废？", "Why void it?", true) \
  X(StaffCountReasonTitle, "数量为什么不一样？", "Why is the count different?", true) \
  X(StaffConfirmVoid, "确认作废这笔交易？", "Void this transaction?", true) \
  X(StaffConfirmRestock, "确认补货？", "Record this restock?", true) \
  X(StaffConfirmCount, "确认盘点结果？", "Record this count?", true) \
  X(StaffConfirmOrderTitle, "代村民确认服务已完成？", "Confirm the service for the villager?", true) \
  X(StaffYesVoid, "确认作废", "Void it", false) \
  X(StaffYesRecord, "确认记录", "Record it", false) \
  X(StaffYesConfirm, "确认完成", "Confirm", false) \
  X(StaffLineTxn, "{} · {} · {} 积分", "{} · {} · {} points", false) \
  X(StaffLineReason, "原因：{}", "Reason: {}", false) \
  X(StaffLineBy, "经手：{}", "By: {}", false) \
  X(StaffLineRestock, "{}：到货 {} 件，库存 {} → {} 件", "{}: {} arrived, stock {} → {}", false) \
  X(StaffLineCount, "{}：账上 {} 件，实数 {} 件，相差 {} 件", "{}: recorded {}, counted {}, difference {}", false) \
  X(StaffProductsRestock, "补货：扫描商品条码，或点商品", "Restock: scan the barcode, or tap the product", true) \
  X(StaffProductsCount, "盘点：扫描商品条码，或点商品", "Stock count: scan the barcode, or tap the product", true) \
  X(StaffInStock, "现有 {} 件", "{} in stock", false) \
  X(StaffNumberRestock, "{} 到货多少件？", "How many {} arrived?", false) \
  X(StaffNumberCount, "{} 货架上实际有多少件？", "How many {} are on the shelf?", false) \
  X(StaffNumberStock, "账上现有 {} 件", "Recorded stock: {}", false) \
  X(StaffNumberOk, "确定", "OK", false) \
  X(StaffCountSame, "{}：数量相符，不用调整。", "{}: the count matches; nothing to record.", false) \
  X(StaffDoneVoid, "已作废：{}，退回 {} 积分", "Voided: {}, {} points back", false) \
  X(StaffDoneVoidFree, "已作废：{}", "Voided: {}", false) \
  X(StaffDoneRestock, "已补货：{} +{}，现有 {} 件", "Restocked: {} +{}, now {}", false) \
  X(StaffDoneCount, "已盘点：{} 调整 {} 件，现有 {} 件", "Counted: {} adjusted by {}, now {}", false) \
  X(StaffDoneOrder, "已代为确认：{} {}", "Confirmed for the villager: {} {}", false) \
  X(StaffOrdersTitle, "已完成、等村民确认的服务", "Services done, waiting for confirmation", true) \
  X(StaffOrdersNone, "没有等待确认的服务。", "Nothing is waiting for confirmation.", false) \
  X(StaffOrderLine, "{} · {} · {} · 志愿者 {} · {} 分钟", "{} · {} · {} · volunteer {} · {} min", false) \
  X(StaffConfirmFor, "代为确认", "Confirm for them", false) \
  X(StaffCloseTitle, "日结 {}", "Day close {}", false) \
  X(StaffCloseRange, "本机第 {} 至 {} 笔记录，共 {} 笔", "Entries {} to {} of this kiosk, {} in all", false) \
  X(StaffCloseEmpty, "上次日结以来没有新记录，也可以日结。", "No entries since the last close; the day can still be closed.", false) \
  X(StaffCloseButton, "确认日结", "Close the day", false) \
  X(StaffCloseNote, "日结后不能修改；之后的交易算下一天。", "A day close cannot be changed; later transactions belong to the next day.", false) \
  X(StaffClosedTitle, "日结完成：{}", "Day closed: {}", false) \
  X(StaffClosedHead, "链尾校验 {}", "Chain head {}", false) \
  X(StaffClosedPrinted, "日结单已打印：请签字后交村委会。", "The day close is printed: sign it and take it to the office.", false) \
  X(StaffClosedSync, "日结单会同步到村委会核对。", "The day close syncs to the office for reconciliation.", false) \
  X(StaffFailed, "没有办成：{}", "It did not go through: {}", false) \
  X(StaffWhyVoided, "这笔已经作废了", "it was voided already", false) \
  X(StaffWhyNoProduct, "没有这件商品", "no such product", false) \
  X(StaffWhyBelowZero, "库存不能少于 0", "stock cannot go below zero", false) \
  X(StaffWhyNumber, "数量要在 1 到 99999 之间", "the number must be 1 to 99999", false) \
  X(StaffWhyOrder, "这个服务单现在不能确认", "this request cannot be confirmed now", false) \
  X(StaffWhyStorage, "账本暂时不能写入，请稍后再试", "the ledger cannot be written just now; try again later", false)

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
