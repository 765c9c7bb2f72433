// The staff's side of the DB worker: a staff card and its PIN (with the lockout kept in the
// kiosk's file), today's transactions, voids, restock and stock count, the requests waiting
// for confirmation, and the day close. The same code runs on a synced kiosk's file (whose
// staff work then waits in its outboxes for the office) and on the office's own file.
#include <algorithm>
#include <iostream>
#include <map>

#include "core/staff.h"
#include "db/catalog.h"
#include "db/day_close.h"
#include "db/entry_reasons.h"
#include "db/staff.h"
#include "db/uuid.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/kiosk_data.h"

namespace rc::kiosk {
namespace {

response::StaffRefused refused(response::StaffOp op, Str why, std::string detail) {
  response::StaffRefused r;
  r.op = op;
  r.words = tr(Str::StaffFailed, Lang::Zh, {std::string(tr(why, Lang::Zh))});
  r.words_en = tr(Str::StaffFailed, Lang::En, {std::string(tr(why, Lang::En))});
  r.detail = std::move(detail);
  return r;
}

Str whyOf(const db::LedgerFailure& f) {
  switch (f.code) {
    case db::LedgerError::AlreadyVoided: return Str::StaffWhyVoided;
    case db::LedgerError::UnknownProduct: return Str::StaffWhyNoProduct;
    case db::LedgerError::Order: return Str::StaffWhyOrder;
    case db::LedgerError::Storage: return Str::StaffWhyStorage;
    default: return Str::StaffWhyStorage;
  }
}

}  // namespace

std::optional<Response> KioskData::staffCard(const std::string& uid) {
  db::StaffRepo repo(*m_db);
  const auto m = repo.byCard(uid);
  // A disabled staff card is no card at all: the villager's "unknown card" screen.
  if (!m || m->disabled) return std::nullopt;
  response::StaffCard c;
  c.uid = uid;
  c.name = m->name;
  c.role = m->role;
  c.has_pin = !m->pin_hash.empty();
  c.now_ms = db::nowMs();
  c.lock = repo.pinLock(uid);
  return c;
}

Response KioskData::staffPin(const request::StaffPin& r) {
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  db::StaffRepo repo(*m_db);
  const auto m = repo.byCard(r.card_uid);
  response::StaffPinChecked out;
  out.now_ms = now;
  out.lock = repo.pinLock(r.card_uid);
  if (!m || m->disabled || core::pinLocked(out.lock, now)) return out;
  if (db::pinMatches(m->pin_hash, r.pin)) {
    out.ok = true;
    out.lock = {};
    if (auto st = repo.setPinLock(r.card_uid, out.lock, now); !st) {
      return response::Unavailable{st.error().message};
    }
    return out;
  }
  out.lock = core::afterWrongPin(out.lock, now);
  db::Transaction tx(*m_db);
  if (auto st = repo.setPinLock(r.card_uid, out.lock, now); !st) {
    return response::Unavailable{st.error().message};
  }
  if (core::pinLocked(out.lock, now)) {
    // The office hears of every lock (a synced kiosk pushes it; on the office's own file it is
    // there already). Never the PIN itself.
    db::StaffEventRow e;
    e.uuid = db::newUuid();
    e.kiosk_id = m_kiosk_id;
    e.staff_name = m->name;
    e.card_uid = r.card_uid;
    e.failures = out.lock.failures;
    e.until_ms = out.lock.locked_until_ms;
    e.at_ms = now;
    if (auto st = db::recordStaffEvent(*m_db, e, m_journal == nullptr); !st) {
      return response::Unavailable{st.error().message};
    }
    std::cerr << "rc-kiosk: the staff card of " << m->name << " is locked for "
              << (out.lock.locked_until_ms - now) / 1000 << " s after " << out.lock.failures
              << " wrong PINs\n";
  }
  if (auto st = tx.commit(); !st) return response::Unavailable{st.error().message};
  return out;
}

StaffDay KioskData::dayOf(std::int64_t now_ms) {
  StaffDay d;
  std::map<std::string, std::string> names;
  for (const auto& p : db::Catalog(*m_db).products(false)) names[p.sku] = p.name;
  std::map<std::string, std::string> stations;
  if (m_desk) {
    for (const auto& s : m_desk->stations()) {
      stations[std::string(core::toString(s.kind))] = stationName(s, Lang::Zh);
    }
  }
  auto stationText = [&](const std::string& kind) {
    const auto it = stations.find(kind);
    if (it != stations.end()) return it->second;
    if (auto k = core::stationKindFromString(kind)) return stationName(*k, "", Lang::Zh);
    return kind;
  };
  const std::int64_t today = dayStartMs(now_ms);
  const std::int64_t acked = m_journal ? m_journal->ackedSeq() : 0;
  auto rows = db::kioskDayRows(*m_db, m_kiosk_id, today, today + kDayMs);
  if (!rows) throw db::DbException(rows.error());
  std::vector<core::DayEntry> entries;
  for (const auto& r : *rows) {
    StaffTxn t;
    t.uuid = r.entry.uuid;
    t.seq = r.entry.kiosk_seq;
    t.at_ms = r.entry.at_ms;
    t.villager = r.villager_name;
    t.kind = r.entry.kind;
    t.points = r.entry.points_delta;
    t.what = !r.lines.empty() ? db::itemsText(r.lines, names) : stationText(r.station);
    t.voided = r.voided;
    t.pending = m_journal && r.entry.kiosk_seq > acked;
    t.voidable = !r.voided && (t.kind == core::EntryKind::Redemption ||
                               t.kind == core::EntryKind::Booking);
    d.txns.push_back(std::move(t));
    core::DayEntry e;
    e.seq = r.entry.kiosk_seq;
    e.kind = r.entry.kind;
    e.points_delta = r.entry.points_delta;
    e.lines = r.lines;
    e.station = r.station;
    if (r.entry.kind == core::EntryKind::Void) e.voided_kind = r.target_kind;
    entries.push_back(std::move(e));
  }
  std::reverse(entries.begin(), entries.end());  // oldest first, as the day ran
  d.today = core::summarizeDay(entries);
  auto open = db::openDay(*m_db, m_kiosk_id);
  if (!open) throw db::DbException(open.error());
  d.open = open->summary;
  d.first_seq = open->first_seq;
  d.last_seq = open->last_seq;
  d.next_number = open->next_number;
  d.pending = m_journal ? m_journal->pendingCount() : -1;
  for (const auto* s : {&d.today, &d.open}) {
    for (const auto& l : s->products) {
      const auto it = names.find(l.key);
      d.names.emplace_back(l.key, it != names.end() ? it->second : l.key);
    }
    for (const auto& l : s->services) d.names.emplace_back(l.key, stationText(l.key));
  }
  return d;
}

Response KioskData::staffVoid(const request::StaffVoid& r) {
  using response::StaffOp;
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  const auto target = m_ledger->entryByUuid(r.uuid);
  if (!target || target->kiosk_id != m_kiosk_id ||
      (target->kind != core::EntryKind::Redemption && target->kind != core::EntryKind::Booking)) {
    return refused(StaffOp::Void, Str::StaffWhyVoided, "no voidable entry " + r.uuid);
  }
  const std::string reason = core::voidReference(r.reason, "", r.staff);
  db::LedgerFailure failure;
  bool ok = true;
  if (target->kind == core::EntryKind::Booking && m_desk &&
      target->reference.starts_with("order:")) {
    // A request's points come back with the request cancelled (staff may after a claim).
    const auto order = target->reference.substr(6);
    auto res = m_desk->actOnOrder(order, core::OrderAction::Cancel,
                                  core::OrderActor{target->villager_id, true}, 0, now);
    if (!res) ok = false, failure = res.error();
  } else if (target->kind == core::EntryKind::Booking && m_desk) {
    // The place and the points back, whatever the cut-off.
    auto res = m_desk->voidBooking(target->uuid, reason, now);
    if (!res) ok = false, failure = res.error();
  } else {
    db::VoidDraft d;
    d.uuid = target->uuid + ":void";
    d.kiosk_id = m_kiosk_id;
    d.target_seq = target->seq;
    d.reason = reason;
    d.at_ms = now;
    auto res = m_ledger->voidEntry(d);
    if (!res) ok = false, failure = res.error();
  }
  if (!ok) {
    if (failure.code == db::LedgerError::Storage) return response::Unavailable{failure.message};
    return refused(StaffOp::Void, whyOf(failure), failure.message);
  }
  std::cerr << "rc-kiosk: " << r.staff << " voided entry " << target->kiosk_seq << " ("
            << core::toString(r.reason) << ")\n";
  response::StaffDone out;
  out.op = StaffOp::Void;
  out.day = dayOf(now);
  std::string what;
  for (const auto& t : out.day->txns) {
    if (t.uuid == target->uuid) what = t.villager + " " + t.what;
  }
  const std::string points = std::to_string(-target->points_delta);
  out.line = tr(Str::StaffDoneVoid, Lang::Zh, {what, points});
  out.line_en = tr(Str::StaffDoneVoid, Lang::En, {what, points});
  return out;
}

Response KioskData::restock(const request::Restock& r) {
  using response::StaffOp;
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  if (r.count < 1 || r.count > 99'999) {
    return refused(StaffOp::Restock, Str::StaffWhyNumber, "restock count out of range");
  }
  db::StockMovementWire m;
  m.uuid = db::newUuid();
  m.sku = r.sku;
  m.delta = r.count;
  m.reason = "receive";
  m.note = "到货 · 经手 " + r.staff;
  m.staff_name = r.staff;
  m.at_ms = now;
  auto res = db::recordStockMovement(*m_db, m, m_kiosk_id, m_journal != nullptr);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refused(StaffOp::Restock, whyOf(res.error()), res.error().message);
  }
  response::StaffDone out;
  out.op = StaffOp::Restock;
  out.products = db::Catalog(*m_db).products(true);
  for (const auto& p : *out.products) {
    if (p.sku != r.sku) continue;
    const std::string n = std::to_string(r.count), now_stock = std::to_string(p.stock);
    out.line = tr(Str::StaffDoneRestock, Lang::Zh, {p.name, n, now_stock});
    out.line_en = tr(Str::StaffDoneRestock, Lang::En, {p.name, n, now_stock});
  }
  return out;
}

Response KioskData::stockCount(const request::StockCount& r) {
  using response::StaffOp;
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  if (r.counted < 0 || r.counted > 99'999) {
    return refused(StaffOp::Count, Str::StaffWhyNumber, "count out of range");
  }
  const std::vector<std::string> skus{r.sku};
  const auto found = db::Catalog(*m_db).productsBySku(skus);
  if (found.empty()) return refused(StaffOp::Count, Str::StaffWhyNoProduct, "no product " + r.sku);
  const auto& p = found.front();
  response::StaffDone out;
  out.op = StaffOp::Count;
  const int delta = r.counted - p.stock;
  if (delta == 0) {
    out.line = tr(Str::StaffCountSame, Lang::Zh, {p.name});
    out.line_en = tr(Str::StaffCountSame, Lang::En, {p.name});
    out.products = db::Catalog(*m_db).products(true);
    return out;
  }
  db::StockMovementWire m;
  m.uuid = db::newUuid();
  m.sku = r.sku;
  m.delta = delta;
  m.reason = "count";
  m.note = core::countNote(r.reason, "", r.staff);
  m.staff_name = r.staff;
  m.at_ms = now;
  auto res = db::recordStockMovement(*m_db, m, m_kiosk_id, m_journal != nullptr);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refused(StaffOp::Count, whyOf(res.error()), res.error().message);
  }
  out.products = db::Catalog(*m_db).products(true);
  const std::string d = (delta > 0 ? "+" : "") + std::to_string(delta);
  const std::string n = std::to_string(r.counted);
  out.line = tr(Str::StaffDoneCount, Lang::Zh, {p.name, d, n});
  out.line_en = tr(Str::StaffDoneCount, Lang::En, {p.name, d, n});
  return out;
}

Response KioskData::staffOrders(response::StaffOp op, std::string line, std::string line_en) {
  response::StaffDone out;
  out.op = op;
  out.line = std::move(line);
  out.line_en = std::move(line_en);
  out.orders = m_desk ? m_desk->doneOrders() : std::vector<db::OrderView>{};
  return out;
}

Response KioskData::staffConfirmOrder(const request::StaffConfirmOrder& r) {
  using response::StaffOp;
  if (!m_desk) return refused(StaffOp::ConfirmOrder, Str::StaffWhyOrder, "no service desk");
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  std::optional<db::OrderView> order;
  for (auto& o : m_desk->doneOrders()) {
    if (o.uuid == r.uuid) order = std::move(o);
  }
  if (!order) return refused(StaffOp::ConfirmOrder, Str::StaffWhyOrder, "no done order " + r.uuid);
  auto res = m_desk->actOnOrder(r.uuid, core::OrderAction::Confirm,
                                core::OrderActor{order->requester, true}, 0, now);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refused(StaffOp::ConfirmOrder, whyOf(res.error()), res.error().message);
  }
  return staffOrders(StaffOp::ConfirmOrder,
                     tr(Str::StaffDoneOrder, Lang::Zh, {order->ticket, order->requester_name}),
                     tr(Str::StaffDoneOrder, Lang::En, {order->ticket, order->requester_name}));
}

Response KioskData::closeDay(const request::CloseDay& r) {
  using response::StaffOp;
  const std::int64_t now = r.now_ms != 0 ? r.now_ms : db::nowMs();
  auto res = db::closeDay(*m_db, m_kiosk_id, r.staff, now);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refused(StaffOp::CloseDay, whyOf(res.error()), res.error().message);
  }
  std::cerr << "rc-kiosk: " << r.staff << " closed the day: " << core::dayCloseNumber(res->number)
            << ", entries " << res->first_seq << ".." << res->last_seq << "\n";
  response::StaffDone out;
  out.op = StaffOp::CloseDay;
  out.closed = *res;
  out.day = dayOf(now);
  out.line = tr(Str::StaffClosedTitle, Lang::Zh, {core::dayCloseNumber(res->number)});
  out.line_en = tr(Str::StaffClosedTitle, Lang::En, {core::dayCloseNumber(res->number)});
  return out;
}

}  // namespace rc::kiosk
