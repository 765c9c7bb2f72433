#pragma once
// What each line on the office's kiosk lists means to a clerk, in plain Chinese, and what to do
// next: one table for the today page's "需要处理" box and the reconcile page's lines, keyed by
// the problem codes db/office_sync.h and db/reconcile.h use.

#include <string>
#include <string_view>

namespace rc::office::console {

struct ProblemWords {
  std::string title;  // what happened
  std::string next;   // what a person does about it
};

inline ProblemWords problemWords(std::string_view problem) {
  if (problem == "overdraft") {
    return {"积分透支", "核对这笔兑换：两台终端离线时可能同时兑换。需要时在终端冲销，或请村民补足积分。"};
  }
  if (problem == "stock") return {"货架没货仍被兑换", "清点这件商品，在终端做一次盘点。"};
  if (problem == "price") {
    return {"兑换价格与目录不同", "核对终端是否已同步最新价目；差得多时在终端冲销后重新兑换。"};
  }
  if (problem == "unknown_product") {
    return {"目录里没有的商品", "在目录里添加这件商品，或在终端冲销这笔兑换。"};
  }
  if (problem == "refused" || problem == "refused_entry") {
    return {"村委会拒收的交易", "这笔交易没有入账。请和超市管理员核对，需要时重新办理。"};
  }
  if (problem == "oversold") {
    return {"预约超额", "这个时段已订满，村委会已退回积分。请通知村民改约别的时段。"};
  }
  if (problem == "claim_lost") {
    return {"服务单已被别人认领", "告诉后来认领的人：这一单已由别人先认领。"};
  }
  if (problem == "refused_event") {
    return {"终端的服务操作被拒绝", "和超市管理员核对这项预约或服务单。"};
  }
  if (problem == "close_conflict") {
    return {"日结编号冲突", "同一个编号有两份日结。请到终端核对日结记录。"};
  }
  if (problem == "refused_movement") {
    return {"库存变动被拒绝", "在终端重新清点这件商品。"};
  }
  if (problem == "locked") {
    return {"员工卡被锁定", "确认是本人在用卡；忘了 PIN 就在村委会电脑上运行 rc-office staff pin 重设。"};
  }
  if (problem == "chain_break") {
    return {"终端记录对不上", "终端的记录被回退或改动过。先停用这台终端，请技术人员核对后再同步。"};
  }
  if (problem == "not_seen") {
    return {"终端一小时以上没有同步", "看看终端是否开着、网线或无线网是否连通。"};
  }
  if (problem == "never_seen") {
    return {"终端登记后还没有同步过", "打开终端，确认它连得上村委会的电脑。"};
  }
  if (problem == "unreadable" || problem == "unreadable_staff") {
    return {"村委会读不懂的记录", "请技术人员检查终端的软件版本。"};
  }
  return {"需要核对的记录 (" + std::string(problem) + ")", "请和超市管理员一起核对。"};
}

}  // namespace rc::office::console
