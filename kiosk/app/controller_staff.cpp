// The Controller's staff half (controller.h): a staff card, the PIN pad, the menu and its
// screens, and the worker's answers. Every staff action is asked on one confirm screen first
// and can be backed out of until then. Same class, same rules: the UI thread only.
#include <algorithm>

#include "kiosk/app/controller.h"
#include "kiosk/app/overloaded.h"

namespace rc::kiosk {
namespace {

constexpr int kMaxNumber = 99'999;

int minutesLeft(const core::PinLock& lock, std::int64_t now_ms) {
  if (!core::pinLocked(lock, now_ms)) return 0;
  return static_cast<int>((lock.locked_until_ms - now_ms + 59'999) / 60'000);
}

}  // namespace

std::chrono::seconds Controller::idleWarningAfter() const noexcept {
  return m_s.staff ? kStaffIdleWarning : kIdleWarning;
}

std::chrono::seconds Controller::idleResetAfter() const noexcept {
  return m_s.staff ? kStaffIdleReset : kIdleReset;
}

void Controller::applyStaff(const Intent& intent, TimePoint) {
  StaffSession& st = *m_s.staff;
  const bool in = st.signed_in && !st.busy;
  auto clearLines = [&] {
    st.done_line.clear();
    st.done_line_en.clear();
    st.problem.clear();
    st.problem_en.clear();
  };
  std::visit(
      Overloaded{
          [&](const intent::ToggleLanguage&) {
            m_s.lang = m_s.lang == Lang::Zh ? Lang::En : Lang::Zh;
          },
          [&](const intent::StillHere&) { m_s.idle_warning = false; },
          [&](const intent::PinKey& k) {
            if (st.signed_in || st.checking || !st.has_pin || st.locked_minutes > 0) return;
            if (k.digit < 0 || k.digit > 9 || m_pin.size() >= core::kPinLength) return;
            m_pin.push_back(static_cast<char>('0' + k.digit));
            st.pin_len = static_cast<int>(m_pin.size());
            st.wrong = false;
            if (m_pin.size() == core::kPinLength) {
              st.checking = true;
              send(request::StaffPin{st.card_uid, std::exchange(m_pin, {}), 0});
            }
          },
          [&](const intent::PinErase&) {
            if (st.signed_in || st.checking || m_pin.empty()) return;
            m_pin.pop_back();
            st.pin_len = static_cast<int>(m_pin.size());
          },
          [&](const intent::StaffExit&) {
            if (!st.busy && !st.checking) endSession();
          },
          [&](const intent::StaffMenu&) {
            if (!in) return;
            st.target.reset();
            st.void_reason.reset();
            st.product.reset();
            st.count_reason.reset();
            st.closed.reset();
            clearLines();
            m_s.screen = ScreenId::StaffMenu;
          },
          [&](const intent::StaffOpen& o) {
            if (!in) return;
            clearLines();
            st.page = 0;
            switch (o.screen) {
              case ScreenId::StaffToday:
              case ScreenId::StaffDayClose:
                st.closed.reset();
                st.busy = true;
                send(request::LoadStaffDay{});
                m_s.screen = o.screen;
                break;
              case ScreenId::StaffProducts:
                st.counting = o.counting;
                st.product.reset();
                send(request::LoadProducts{});
                m_s.screen = ScreenId::StaffProducts;
                break;
              case ScreenId::StaffOrders:
                st.busy = true;
                send(request::LoadStaffOrders{});
                m_s.screen = ScreenId::StaffOrders;
                break;
              default: break;
            }
          },
          [&](const intent::StaffPage& p) {
            if (!in) return;
            st.page = std::max(0, st.page + p.delta);
          },
          [&](const intent::StaffVoid& v) {
            if (!in || !st.day) return;
            for (const auto& t : st.day->txns) {
              if (t.uuid == v.uuid && t.voidable) {
                clearLines();
                st.target = t;
                st.void_reason.reset();
                st.ask = StaffAsk::Void;
                m_s.screen = ScreenId::StaffReason;
              }
            }
          },
          [&](const intent::StaffVoidReason& r) {
            if (!in || !st.target || m_s.screen != ScreenId::StaffReason) return;
            st.void_reason = r.reason;
            st.ask = StaffAsk::Void;
            m_s.screen = ScreenId::StaffConfirm;
          },
          [&](const intent::StaffPickProduct& p) {
            if (!in || m_s.screen != ScreenId::StaffProducts) return;
            const core::Product* product = productBySku(m_s, p.sku);
            if (!product) return;
            clearLines();
            st.product = *product;
            st.number = 0;
            st.count_reason.reset();
            st.ask = st.counting ? StaffAsk::Count : StaffAsk::Restock;
            m_s.screen = ScreenId::StaffNumber;
          },
          [&](const intent::NumberKey& k) {
            if (!in || m_s.screen != ScreenId::StaffNumber) return;
            if (k.digit < 0) {
              st.number /= 10;
            } else if (k.digit <= 9 && st.number * 10 + k.digit <= kMaxNumber) {
              st.number = st.number * 10 + k.digit;
            }
          },
          [&](const intent::NumberOk&) {
            if (!in || !st.product || m_s.screen != ScreenId::StaffNumber) return;
            if (!st.counting) {
              if (st.number < 1) return;
              st.ask = StaffAsk::Restock;
              m_s.screen = ScreenId::StaffConfirm;
            } else if (st.number == st.product->stock) {
              st.done_line = tr(Str::StaffCountSame, Lang::Zh, {st.product->name});
              st.done_line_en = tr(Str::StaffCountSame, Lang::En, {st.product->name});
              st.product.reset();
              m_s.screen = ScreenId::StaffProducts;
            } else {
              st.ask = StaffAsk::Count;
              st.count_reason.reset();
              m_s.screen = ScreenId::StaffReason;
            }
          },
          [&](const intent::StaffCountReason& r) {
            if (!in || !st.product || m_s.screen != ScreenId::StaffReason) return;
            st.count_reason = r.reason;
            st.ask = StaffAsk::Count;
            m_s.screen = ScreenId::StaffConfirm;
          },
          [&](const intent::StaffConfirmOrder& o) {
            if (!in) return;
            clearLines();
            st.order_uuid = o.uuid;
            st.ask = StaffAsk::ConfirmOrder;
            m_s.screen = ScreenId::StaffConfirm;
          },
          [&](const intent::StaffYes&) { staffYes(); },
          [&](const intent::StaffNo&) {
            if (!in) return;
            switch (st.ask) {
              case StaffAsk::Void:
                st.target.reset();
                st.void_reason.reset();
                m_s.screen = ScreenId::StaffToday;
                break;
              case StaffAsk::Restock:
              case StaffAsk::Count:
                // From the count's reason or the confirm, back to the number; from the number,
                // back to the products.
                if (m_s.screen == ScreenId::StaffNumber) {
                  st.product.reset();
                  m_s.screen = ScreenId::StaffProducts;
                } else {
                  st.count_reason.reset();
                  m_s.screen = ScreenId::StaffNumber;
                }
                break;
              case StaffAsk::ConfirmOrder:
                st.order_uuid.clear();
                m_s.screen = ScreenId::StaffOrders;
                break;
            }
          },
          [&](const intent::StaffCloseDay&) {
            if (!in || m_s.screen != ScreenId::StaffDayClose || st.closed || !st.day) return;
            clearLines();
            st.busy = true;
            send(request::CloseDay{st.name, 0});
          },
          [&](const auto&) {},
      },
      intent);
}

void Controller::staffYes() {
  if (!m_s.staff) return;
  StaffSession& st = *m_s.staff;
  if (!st.signed_in || st.busy || m_s.screen != ScreenId::StaffConfirm) return;
  switch (st.ask) {
    case StaffAsk::Void:
      if (!st.target || !st.void_reason) return;
      st.busy = true;
      send(request::StaffVoid{st.target->uuid, *st.void_reason, st.name, 0});
      return;
    case StaffAsk::Restock:
      if (!st.product || st.number < 1) return;
      st.busy = true;
      send(request::Restock{st.product->sku, st.number, st.name, 0});
      return;
    case StaffAsk::Count:
      if (!st.product || !st.count_reason) return;
      st.busy = true;
      send(request::StockCount{st.product->sku, st.number, *st.count_reason, st.name, 0});
      return;
    case StaffAsk::ConfirmOrder:
      if (st.order_uuid.empty()) return;
      st.busy = true;
      send(request::StaffConfirmOrder{st.order_uuid, 0});
      return;
  }
}

void Controller::onStaffResponse(Response& response, TimePoint now) {
  std::visit(
      Overloaded{
          [&](response::StaffCard& c) {
            touch(now);
            endSession();
            StaffSession st;
            st.card_uid = c.uid;
            st.name = c.name;
            st.role = c.role;
            st.has_pin = c.has_pin;
            st.locked_minutes = minutesLeft(c.lock, c.now_ms);
            st.tries_left = core::pinTriesLeft(c.lock);
            m_pin.clear();
            m_s.staff = std::move(st);
            m_s.error.reset();
            m_s.screen = ScreenId::StaffPin;
          },
          [&](response::StaffPinChecked& p) {
            if (!m_s.staff) return;
            StaffSession& st = *m_s.staff;
            st.checking = false;
            st.pin_len = 0;
            if (p.ok) {
              st.signed_in = true;
              st.wrong = false;
              m_s.screen = ScreenId::StaffMenu;
              return;
            }
            st.wrong = true;
            st.tries_left = core::pinTriesLeft(p.lock);
            st.locked_minutes = minutesLeft(p.lock, p.now_ms);
          },
          [&](response::StaffDone& d) {
            if (!m_s.staff) return;
            StaffSession& st = *m_s.staff;
            st.busy = false;
            st.done_line = std::move(d.line);
            st.done_line_en = std::move(d.line_en);
            if (d.day) st.day = std::move(d.day);
            if (d.orders) st.orders = std::move(*d.orders);
            if (d.products) setProducts(std::move(*d.products));
            switch (d.op) {
              case response::StaffOp::Void:
                st.target.reset();
                st.void_reason.reset();
                m_s.screen = ScreenId::StaffToday;
                break;
              case response::StaffOp::Restock:
              case response::StaffOp::Count:
                st.product.reset();
                st.count_reason.reset();
                m_s.screen = ScreenId::StaffProducts;
                break;
              case response::StaffOp::ConfirmOrder:
                st.order_uuid.clear();
                m_s.screen = ScreenId::StaffOrders;
                break;
              case response::StaffOp::CloseDay:
                st.closed = std::move(d.closed);
                if (st.closed) {
                  st.closed_summary = core::parseDaySummary(st.closed->summary).value_or(core::DaySummary{});
                  printDayClose(*st.closed);  // on paper too, when a printer is there
                }
                break;
              case response::StaffOp::Load: break;
            }
          },
          [&](response::StaffRefused& r) {
            if (!m_s.staff) return;
            StaffSession& st = *m_s.staff;
            st.busy = false;
            st.problem = std::move(r.words);
            st.problem_en = std::move(r.words_en);
            // Back to the list the action started from, with the reason on it.
            switch (r.op) {
              case response::StaffOp::Void: m_s.screen = ScreenId::StaffToday; break;
              case response::StaffOp::Restock:
              case response::StaffOp::Count: m_s.screen = ScreenId::StaffProducts; break;
              case response::StaffOp::ConfirmOrder: m_s.screen = ScreenId::StaffOrders; break;
              default: break;
            }
          },
          [&](auto&) {},
      },
      response);
}

}  // namespace rc::kiosk
