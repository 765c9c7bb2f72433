#include "kiosk/app/controller.h"

#include <algorithm>
#include <utility>

#include "core/rules.h"
#include "db/uuid.h"
#include "kiosk/app/overloaded.h"

namespace rc::kiosk {
namespace {

constexpr int kPageSize = 9;  // the supermarket's 3 × 3 grid

// A short order number a villager can read out to the shopkeeper: four digits of the
// redemption's UUID after the kiosk id (the ledger keeps the full UUID).
std::string orderNumberFor(const std::string& kiosk_id, const std::string& uuid) {
  unsigned value = 0;
  for (char c : uuid) {
    if (c == '-') continue;
    value = value * 16 + static_cast<unsigned>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
    value %= 100000000u;
  }
  std::string digits = std::to_string(value % 10000);
  digits.insert(0, 4 - digits.size(), '0');
  std::string prefix = kiosk_id;
  prefix.erase(std::remove_if(prefix.begin(), prefix.end(), [](char c) { return c == '-'; }),
               prefix.end());
  return prefix + "-" + digits;
}

}  // namespace

Controller::Controller(core::Settings settings, std::string kiosk_id)
    : m_settings(std::move(settings)), m_kiosk_id(std::move(kiosk_id)) {}

void Controller::start(TimePoint now) {
  m_last_activity = now;
  send(request::LoadBoards{});
  send(request::LoadProducts{});
  send(request::LoadStations{});
}

std::vector<Request> Controller::takeRequests() { return std::exchange(m_out, {}); }

bool Controller::takeChanged() noexcept { return std::exchange(m_changed, false); }

void Controller::touch(TimePoint now) {
  m_last_activity = now;
  // Only a visible change costs a frame: a scan on its own waits for the worker's answer.
  if (m_s.idle_warning) m_changed = true;
  m_s.idle_warning = false;
}

void Controller::showError(ErrorInfo e) {
  m_s.error = std::move(e);
  m_s.screen = ScreenId::Error;
  m_changed = true;
}

void Controller::showIdleScreen() {
  m_s.error.reset();
  m_s.screen = ScreenId::Attract;
  if (m_s.out_of_service) {
    showError({ErrorKind::OutOfService, "", 0, 0, ScreenId::Attract});
  } else if (!m_s.db_available) {
    showError({ErrorKind::DatabaseUnavailable, "", 0, 0, ScreenId::Attract});
  } else if (!m_s.reader_connected) {
    showError({ErrorKind::ReaderUnplugged, "", 0, 0, ScreenId::Attract});
  } else if (waitingForRoster(m_s)) {
    m_s.screen = ScreenId::FirstSync;
  }
  m_changed = true;
}

void Controller::endSession() {
  // Nothing half-done: an unconfirmed cart goes, the villager's details leave the screen, and
  // the next person starts in Chinese.
  m_s.villager.reset();
  m_s.cart.clear();
  m_s.receipt.reset();
  m_s.notice.clear();
  m_notice_until.reset();
  m_s.category = 0;
  m_s.page = 0;
  m_s.idle_warning = false;
  m_s.lang = Lang::Zh;
  m_redeem_uuid.clear();
  m_order_number.clear();
  m_s.hub.reset();
  m_s.helper.reset();
  m_s.confirm.reset();
  m_s.ticket.reset();
  m_s.notes.clear();
  m_s.later.clear();
  m_s.done_uuid.clear();
  m_s.station = 0;
  m_s.slots.clear();
  m_s.slots_loading = false;
  m_service_uuid.clear();
  m_s.staff.reset();
  m_pin.clear();
  showIdleScreen();
}

void Controller::apply(const Intent& intent, TimePoint now) {
  touch(now);
  m_changed = true;
  if (std::holds_alternative<intent::SayAgain>(intent)) {
    ++m_s.say_again;
    return;
  }
  if (m_s.staff) {
    applyStaff(intent, now);
    return;
  }
  std::visit(
      Overloaded{
          [&](const intent::OpenSupermarket&) {
            if (!m_s.villager) return;
            m_s.screen = ScreenId::Supermarket;
            if (m_s.products.empty()) send(request::LoadProducts{});
          },
          [&](const intent::OpenEntry& o) {
            if (!m_s.villager || m_s.screen != ScreenId::Home || o.index < 0 ||
                o.index >= static_cast<int>(m_s.villager->recent.size())) {
              return;
            }
            m_s.entry = o.index;
            m_s.screen = ScreenId::EntryDetail;
          },
          [&](const intent::GoHome&) {
            if (!m_s.villager || m_s.acting) return;
            m_s.confirm.reset();
            m_s.screen = ScreenId::Home;
          },
          [&](const intent::EndSession&) {
            if (!m_s.redeeming && !m_s.acting) endSession();
          },
          [&](const intent::SelectCategory& c) {
            if (c.index >= 0 && c.index < static_cast<int>(m_s.categories.size())) {
              m_s.category = c.index;
              m_s.page = 0;
            }
          },
          [&](const intent::ChangePage& p) {
            const int count = static_cast<int>(productsInCategory(m_s).size());
            const int pages = std::max(1, (count + kPageSize - 1) / kPageSize);
            m_s.page = std::clamp(m_s.page + p.delta, 0, pages - 1);
          },
          [&](const intent::AddToCart& a) { addToCart(a.sku, now, false); },
          [&](const intent::RemoveFromCart& r) {
            if (m_s.redeeming) return;
            m_s.cart.remove(r.sku);
            m_redeem_uuid.clear();
          },
          [&](const intent::ConfirmRedeem&) { redeem(); },
          [&](const intent::DismissError&) {
            if (!m_s.error) return;
            const ErrorKind k = m_s.error->kind;
            if (isKioskFault(k)) return;
            ScreenId back = m_s.error->back_to;
            if (back != ScreenId::Attract && !m_s.villager) back = ScreenId::Attract;
            m_s.error.reset();
            if (back == ScreenId::Attract) {
              showIdleScreen();
            } else {
              m_s.screen = back;
            }
          },
          [&](const intent::StillHere&) { m_s.idle_warning = false; },
          [&](const intent::ToggleLanguage&) {
            m_s.lang = m_s.lang == Lang::Zh ? Lang::En : Lang::Zh;
          },
          [&](const intent::FinishReceipt&) {
            if (!m_s.acting) endSession();
          },
          [&](const auto&) { applyHub(intent, now); },
      },
      intent);
}

void Controller::addToCart(const std::string& sku, TimePoint now, bool from_scan) {
  if (!m_s.villager || m_s.redeeming) return;
  const core::Product* p = productBySku(m_s, sku);
  if (!p) {
    showError({ErrorKind::UnknownProduct, "", 0, 0, m_s.screen});
    return;
  }
  const ScreenId back = from_scan ? (m_s.screen == ScreenId::Error ? ScreenId::Home : m_s.screen)
                                  : ScreenId::Supermarket;
  // The same checks the ledger makes when redeeming, on the cart as it would be.
  std::vector<core::CartLine> lines(m_s.cart.lines().begin(), m_s.cart.lines().end());
  auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.sku == sku; });
  if (it == lines.end()) {
    lines.push_back({sku, 1});
  } else {
    ++it->quantity;
  }
  const auto& v = *m_s.villager;
  auto priced = core::priceCart(lines, m_s.products, v.points, v.score, m_settings);
  if (!priced) {
    switch (priced.error().error) {
      case core::CartError::OutOfStock:
        showError({ErrorKind::OutOfStock, p->name, 0, 0, back});
        return;
      case core::CartError::NotEligible:
        showError({ErrorKind::NotEligible, p->name, 0, 0, back});
        return;
      case core::CartError::InsufficientPoints:
        showError({ErrorKind::NotEnoughPoints, p->name, p->price_points,
                   v.points - cartTotal(m_s), back});
        return;
      case core::CartError::OverLimit: {
        const int limit = p->per_order_limit > 0 ? p->per_order_limit
                                                 : m_settings.default_per_order_limit;
        m_s.notice = tr(Str::LimitReached, m_s.lang, {p->name, std::to_string(limit)});
        m_notice_until = now + kNoticeTime;
        m_s.screen = ScreenId::Supermarket;
        return;
      }
      default:
        showError({ErrorKind::UnknownProduct, p->name, 0, 0, back});
        return;
    }
  }
  m_s.cart.add(sku);
  m_redeem_uuid.clear();
  m_s.notice = tr(Str::Added, m_s.lang, {p->name});
  m_notice_until = now + kNoticeTime;
  if (from_scan) {
    // Show the scanned product where it sits, so the villager sees what was added.
    const auto cat = std::find(m_s.categories.begin(), m_s.categories.end(), p->category);
    if (cat != m_s.categories.end()) {
      m_s.category = static_cast<int>(cat - m_s.categories.begin());
      const auto in_cat = productsInCategory(m_s);
      const auto pos = std::find(in_cat.begin(), in_cat.end(), p) - in_cat.begin();
      m_s.page = static_cast<int>(pos) / kPageSize;
    }
  }
  m_s.screen = ScreenId::Supermarket;
}

void Controller::redeem() {
  // A second tap while the first is in flight (a shaky finger) does nothing.
  if (m_s.redeeming || m_s.cart.empty() || !m_s.villager) return;
  if (m_redeem_uuid.empty()) {
    m_redeem_uuid = db::newUuid();
    m_order_number = orderNumberFor(m_kiosk_id, m_redeem_uuid);
  }
  m_s.redeeming = true;
  request::Redeem r;
  r.uuid = m_redeem_uuid;
  r.villager = m_s.villager->id;
  r.lines.assign(m_s.cart.lines().begin(), m_s.cart.lines().end());
  r.order_number = m_order_number;
  send(std::move(r));
}

void Controller::onScan(const drivers::Payload& payload, TimePoint now) {
  touch(now);
  // "暂停服务" stays until the ledger is back, and for good once the file cannot be trusted.
  if (!m_s.db_available || m_s.out_of_service) return;
  switch (payload.kind) {
    case drivers::PayloadKind::CardUid:
    case drivers::PayloadKind::CardToken:
      if (waitingForRoster(m_s)) {
        // Not "unknown card": the roster is not here yet. The card opens once it is.
        m_held_card = payload.text;
        m_s.scan_waiting = true;
        m_changed = true;
        return;
      }
      if (m_s.redeeming || m_s.acting) return;
      if (m_s.staff && (m_s.staff->busy || m_s.staff->checking)) return;
      send(request::LookupCard{payload.text});
      return;
    case drivers::PayloadKind::ProductBarcode:
      if (m_s.staff) {
        // Restock and stock count find the product by its barcode.
        if (m_s.staff->signed_in && !m_s.staff->busy && m_s.screen == ScreenId::StaffProducts) {
          send(request::LookupBarcode{payload.text});
        }
        return;
      }
      if (!m_s.villager) {
        showError({ErrorKind::CardFirst, "", 0, 0, ScreenId::Attract});
        return;
      }
      if (m_s.redeeming || m_s.screen == ScreenId::Receipt) return;
      send(request::LookupBarcode{payload.text});
      return;
    case drivers::PayloadKind::Rejected:
      if (m_s.redeeming) return;
      showError({ErrorKind::Unreadable, "", 0, 0,
                 m_s.screen == ScreenId::Error ? (m_s.villager ? ScreenId::Home : ScreenId::Attract)
                                               : m_s.screen});
      return;
  }
}

void Controller::setProducts(std::vector<core::Product> products) {
  m_s.products = std::move(products);
  std::vector<std::string> cats = categoriesOf(m_s.products);
  m_s.categories = std::move(cats);
  if (m_s.category >= static_cast<int>(m_s.categories.size())) m_s.category = 0;
}

void Controller::onResponse(Response response, TimePoint now) {
  if (m_pending > 0) --m_pending;
  m_changed = true;
  std::visit(
      Overloaded{
          [&](response::Boards& b) {
            m_s.boards = std::move(b.boards);
            if (!m_s.db_available) {
              m_s.db_available = true;
              m_db_retry_at.reset();
              if (m_s.screen == ScreenId::Error && m_s.error &&
                  m_s.error->kind == ErrorKind::DatabaseUnavailable) {
                showIdleScreen();
                send(request::LoadProducts{});
              }
            }
          },
          [&](response::Products& p) {
            m_s.pictures = std::move(p.pictures);
            setProducts(std::move(p.products));
          },
          [&](response::Card& c) {
            touch(now);
            if (!c.villager) {
              endSession();
              showError({ErrorKind::UnknownCard, "", 0, 0, ScreenId::Attract});
              return;
            }
            const bool same = m_s.villager && m_s.villager->id == c.villager->id;
            const bool in_session = m_s.screen != ScreenId::Receipt &&
                                    m_s.screen != ScreenId::Ticket &&
                                    m_s.screen != ScreenId::Error &&
                                    m_s.screen != ScreenId::Attract;
            if (same && in_session) {
              m_s.villager = std::move(c.villager);  // fresh balance; the cart stays
              if (c.hub) m_s.hub = std::move(c.hub);
              return;
            }
            if (m_s.screen == ScreenId::ForOther && m_s.villager && !m_s.helper) {
              // A volunteer books for the villager whose card follows theirs: the villager's
              // points, both names on the ticket.
              m_s.helper = std::move(m_s.villager);
              m_s.villager = std::move(c.villager);
              m_s.hub = std::move(c.hub);
              m_s.notes.clear();
              m_s.screen = ScreenId::Services;
              loadSlots();
              return;
            }
            const Lang lang = m_s.lang;
            endSession();
            m_s.lang = lang;  // a language chosen before scanning is kept for the session
            m_s.villager = std::move(c.villager);
            m_s.hub = std::move(c.hub);
            m_s.error.reset();
            homeOrPrompt();
          },
          [&](response::Barcode& b) {
            touch(now);
            if (m_s.staff) {
              if (b.product && m_s.screen == ScreenId::StaffProducts) {
                bool known = false;
                for (auto& p : m_s.products) {
                  if (p.sku == b.product->sku) p = *b.product, known = true;
                }
                if (!known) {
                  auto products = m_s.products;
                  products.push_back(*b.product);
                  setProducts(std::move(products));
                }
                applyStaff(intent::StaffPickProduct{b.product->sku}, now);
              } else if (!b.product) {
                m_s.staff->problem = tr(Str::StaffFailed, Lang::Zh, {std::string(tr(Str::StaffWhyNoProduct, Lang::Zh))});
                m_s.staff->problem_en = tr(Str::StaffFailed, Lang::En, {std::string(tr(Str::StaffWhyNoProduct, Lang::En))});
              }
              return;
            }
            if (!m_s.villager) return;
            if (!b.product) {
              showError({ErrorKind::UnknownProduct, "", 0, 0,
                         m_s.screen == ScreenId::Error ? ScreenId::Home : m_s.screen});
              return;
            }
            // The catalog copy may be older than the barcode answer: take the fresher stock.
            bool known = false;
            for (auto& p : m_s.products) {
              if (p.sku == b.product->sku) {
                p = *b.product;
                known = true;
              }
            }
            if (!known) {
              auto products = m_s.products;
              products.push_back(*b.product);
              setProducts(std::move(products));
            }
            addToCart(b.product->sku, now, true);
          },
          [&](response::Redeemed& r) {
            m_s.redeeming = false;
            m_s.receipt = std::move(r.receipt);
            m_s.villager = std::move(r.villager);
            m_s.cart.clear();
            m_redeem_uuid.clear();
            m_order_number.clear();
            m_s.notice.clear();
            m_s.error.reset();
            m_s.screen = ScreenId::Receipt;
            touch(now);
            printReceipt();
            send(request::LoadProducts{});  // stock moved
          },
          [&](response::RedeemRefused& r) {
            m_s.redeeming = false;
            m_redeem_uuid.clear();  // nothing was recorded: a new attempt is a new entry
            ErrorInfo e{r.kind, "", 0, 0, ScreenId::Supermarket};
            if (const auto* p = productBySku(m_s, r.sku)) e.subject = p->name;
            if (r.kind == ErrorKind::OfflineLimit) {
              e.needed = r.limit;
              e.available = r.remaining;
            }
            if (r.kind == ErrorKind::NotEnoughPoints && m_s.villager) {
              e.needed = cartTotal(m_s);
              e.available = m_s.villager->points;
              if (e.subject.empty()) e.subject = tr(Str::Cart, m_s.lang);
            }
            showError(std::move(e));
            send(request::LoadProducts{});
          },
          [&](response::Stations& st) {
            m_s.stations.clear();
            for (auto& v : st.stations) {
              // The supermarket has its own way on from Home.
              if (v.kind != core::StationKind::Supermarket) m_s.stations.push_back(std::move(v));
            }
            if (m_s.station >= static_cast<int>(m_s.stations.size())) m_s.station = 0;
          },
          [&](response::Slots& sl) {
            const auto* st = currentStation(m_s);
            if (!st || st->kind != sl.station) return;  // another station was chosen since
            m_s.slots = std::move(sl.slots);
            m_s.today_ms = sl.today_ms;
            m_s.slots_loading = false;
          },
          [&](response::Served& sv) { onServed(sv, now); },
          [&](response::ServiceRefused& r) { onServiceRefused(r); },
          [&](response::StaffCard&) { onStaffResponse(response, now); },
          [&](response::StaffPinChecked&) { onStaffResponse(response, now); },
          [&](response::StaffDone&) { onStaffResponse(response, now); },
          [&](response::StaffRefused&) { onStaffResponse(response, now); },
          [&](response::Unavailable&) {
            m_s.db_available = false;
            m_s.redeeming = false;
            m_s.acting = false;
            m_db_retry_at = now + kDbRetry;
            endSession();
          },
      },
      response);
}

void Controller::onReader(bool connected, const std::string& device, TimePoint) {
  if (connected == m_s.reader_connected && device == m_s.reader_device) return;
  m_s.reader_connected = connected;
  m_s.reader_device = device;
  m_changed = true;
  const bool on_reader_error = m_s.screen == ScreenId::Error && m_s.error &&
                               m_s.error->kind == ErrorKind::ReaderUnplugged;
  if (!connected && m_s.screen == ScreenId::Attract) showIdleScreen();
  if (connected && on_reader_error) showIdleScreen();
}

void Controller::outOfService(TimePoint) {
  if (m_s.out_of_service) return;
  m_s.out_of_service = true;
  m_s.sync = SyncView{};  // it no longer syncs: the status bar claims nothing about the office
  endSession();
  showIdleScreen();
  m_changed = true;
}

void Controller::onSync(const SyncView& view, std::uint64_t pulls_with_changes, TimePoint) {
  if (m_s.out_of_service) return;
  const bool was_waiting = waitingForRoster(m_s);
  if (view != m_s.sync) {
    m_s.sync = view;
    m_changed = true;
  }
  const bool waiting = waitingForRoster(m_s);
  if (waiting && !was_waiting && m_s.screen == ScreenId::Attract && !m_s.villager && !m_s.staff) {
    showIdleScreen();
  }
  if (pulls_with_changes != m_sync_pulls) {
    m_sync_pulls = pulls_with_changes;
    // New figures or boards from the office. Not while the ledger is out: its retry does this.
    if (m_s.db_available) {
      send(request::LoadBoards{});
      send(request::LoadProducts{});
      send(request::LoadStations{});
      // Claims, confirmations and refused bookings the office decided, for whoever is here.
      if (m_s.villager && servicesOffered(m_s) && !m_s.acting) {
        send(request::LoadHub{m_s.villager->id});
      }
    }
  }
  if (was_waiting && !waiting) {
    if (m_s.screen == ScreenId::FirstSync) showIdleScreen();
    m_s.scan_waiting = false;
    if (!m_held_card.empty() && m_s.db_available) send(request::LookupCard{std::exchange(m_held_card, {})});
  }
}

void Controller::tick(TimePoint now) {
  if (m_notice_until && now >= *m_notice_until) {
    m_s.notice.clear();
    m_notice_until.reset();
    m_changed = true;
  }
  if (m_db_retry_at && now >= *m_db_retry_at) {
    m_db_retry_at = now + kDbRetry;
    if (m_pending == 0) send(request::LoadBoards{});
  }
  if (!idleTimed()) return;
  const auto idle = now - m_last_activity;
  if (idle >= idleResetAfter()) {
    endSession();
  } else if (idle >= idleWarningAfter()) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(idleResetAfter() - idle);
    const int secs = static_cast<int>(left.count());
    if (!m_s.idle_warning || secs != m_s.idle_seconds_left) m_changed = true;
    m_s.idle_warning = true;
    m_s.idle_seconds_left = secs;
  }
}

bool Controller::idleTimed() const noexcept {
  // A session, or an error a villager caused (the device and ledger errors stay until fixed).
  // Never while a redemption is in flight: it finishes first, then the receipt shows.
  const bool villager_error =
      m_s.screen == ScreenId::Error && m_s.error && !isKioskFault(m_s.error->kind);
  if (m_s.staff) return !m_s.staff->busy && !m_s.staff->checking;
  return (m_s.villager.has_value() || villager_error) && !m_s.redeeming && !m_s.acting;
}

std::optional<TimePoint> Controller::nextDeadline() const {
  std::optional<TimePoint> next;
  auto consider = [&](TimePoint t) {
    if (!next || t < *next) next = t;
  };
  if (m_notice_until) consider(*m_notice_until);
  if (m_db_retry_at) consider(*m_db_retry_at);
  if (idleTimed()) {
    if (!m_s.idle_warning) {
      consider(m_last_activity + idleWarningAfter());
    } else {
      // Once a second, for the countdown.
      const auto left = idleResetAfter() - std::chrono::seconds(m_s.idle_seconds_left);
      consider(std::min(m_last_activity + idleResetAfter(), m_last_activity + left + std::chrono::seconds(1)));
    }
  }
  return next;
}

}  // namespace rc::kiosk
