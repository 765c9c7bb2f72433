// The office's half of the service hub's sync (docs/sync-protocol.md "Service events"):
// applying a kiosk's service events inside its push's transaction, and the service rows a
// pull sends. The office is the authority on capacity, on who claimed first and on hours.
#include <string>

#include "core/text.h"
#include "db/office_sync.h"
#include "db/roster.h"
#include "db/services.h"

namespace rc::db {
namespace {

Err<PushFailure> storageFailure(const std::string& message) {
  return err(PushFailure{PushError::Storage, message, 0});
}

std::string nameOf(Database& db, core::VillagerId id) {
  auto v = Roster(db).villager(id);
  return v ? v->name : std::string();
}

std::optional<std::int64_t> entrySeqOf(Database& db, const std::string& kiosk_id,
                                       std::int64_t kiosk_seq) {
  if (kiosk_seq <= 0) return std::nullopt;
  auto st = db.cached("SELECT seq FROM entries WHERE kiosk_id = ? AND kiosk_seq = ?");
  st->bind(1, kiosk_id).bind(2, kiosk_seq);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return st->columnInt(0);
}

}  // namespace

Result<int, PushFailure> OfficeSync::applyEvents(const std::string& kiosk_id,
                                                 std::span<const ServiceEvent> events,
                                                 int& flagged) {
  Services desk(m_ledger);
  int applied = 0;
  for (const auto& e : events) {
    {
      auto seen = m_db.cached(
          "INSERT INTO service_events_seen (kiosk_id, uuid, at_ms) VALUES (?, ?, ?) "
          "ON CONFLICT DO NOTHING");
      seen->bind(1, kiosk_id).bind(2, e.uuid).bind(3, nowMs());
      if (auto r = seen->run(); !r) return storageFailure(r.error().message);
      if (m_db.changes() == 0) continue;  // applied by an earlier push
    }
    ++applied;
    // Nothing is dropped silently: an event the rules refuse is a line for the staff.
    auto refused = [&](const std::string& why) -> DbStatus {
      ++flagged;
      return desk.noteProblem("refused_event", e.subject, e.villager_id, kiosk_id,
                              std::string(toString(e.kind)) + ": " + why, nowMs());
    };
    DbStatus st = Ok{};
    switch (e.kind) {
      case ServiceEventKind::Book: {
        if (desk.bookingView(e.subject, e.at_ms)) break;  // recorded already
        auto slot = m_db.cached(
            "SELECT sl.capacity, sl.booked, sl.start_ms, s.kind FROM slots sl JOIN stations s ON "
            "s.id = sl.station_id WHERE sl.id = ?");
        slot->bind(1, e.slot_id);
        auto row = slot->step();
        if (!row) return storageFailure(row.error().message);
        if (!*row || !Roster(m_db).villager(e.villager_id) || !validEntryId(e.subject, 48)) {
          st = refused("no such slot or villager");
          break;
        }
        const int capacity = static_cast<int>(slot->columnInt(0));
        const int booked = static_cast<int>(slot->columnInt(1));
        const std::int64_t start = slot->columnInt(2);
        const auto station =
            core::stationKindFromString(slot->columnTextView(3)).value_or(core::StationKind::Laundry);
        const auto paid = entrySeqOf(m_db, kiosk_id, e.entry_kiosk_seq);
        bool already = false;
        {
          auto q = m_db.cached(
              "SELECT EXISTS (SELECT 1 FROM bookings b JOIN villagers bv ON bv.id = b.villager_id "
              "WHERE b.slot_id = ?1 AND b.status = 'booked' AND (b.villager_id = ?2 OR (?3 AND "
              "bv.household_id = (SELECT household_id FROM villagers WHERE id = ?2))))");
          q->bind(1, e.slot_id).bind(2, e.villager_id).bind(3, core::bookedPerHousehold(station) ? 1 : 0);
          if (auto r = q->step(); r && *r) already = q->columnInt(0) != 0;
        }
        const bool keep = booked < capacity && !already;
        auto ins = m_db.cached(
            "INSERT INTO bookings (uuid, slot_id, villager_id, status, entry_seq, created_at_ms, "
            "booked_by, ticket, kiosk_id, refused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins->bind(1, e.subject).bind(2, e.slot_id).bind(3, e.villager_id);
        ins->bind(4, keep ? "booked" : "cancelled").bind(5, paid).bind(6, e.at_ms);
        if (e.booked_by != 0 && Roster(m_db).villager(e.booked_by)) {
          ins->bind(7, e.booked_by);
        } else {
          ins->bindNull(7);
        }
        ins->bind(8, e.ticket).bind(9, kiosk_id).bind(10, keep ? 0 : 1);
        if (auto r = ins->run(); !r) return storageFailure(r.error().message);
        if (keep) {
          auto upd = m_db.cached("UPDATE slots SET booked = booked + 1 WHERE id = ?");
          upd->bind(1, e.slot_id);
          st = upd->run();
          break;
        }
        // Oversold (or the villager's household already holds a place): the office cancels it
        // itself, gives the points back by its own void, and tells the villager.
        int refunded = 0;
        if (paid) {
          auto entry = m_ledger.entryBySeq(*paid);
          refunded = entry ? -entry->points_delta : 0;
          VoidDraft v;
          v.uuid = e.subject + ":refused";
          v.target_seq = *paid;
          v.reason = already ? "already booked in this slot" : "slot oversold: no place left";
          v.at_ms = nowMs();
          auto r = m_ledger.voidEntry(v);
          if (!r) return storageFailure(r.error().message);
          auto link = m_db.cached("UPDATE bookings SET cancel_entry_seq = ? WHERE uuid = ?");
          link->bind(1, r->entry.seq).bind(2, e.subject);
          if (auto l = link->run(); !l) return storageFailure(l.error().message);
        }
        Notice n;
        n.id = bookingNoticeId(e.subject);
        n.kind = NoticeKind::BookingRefused;
        n.villager_id = e.villager_id;
        n.station = station;
        n.about_ms = start;
        n.points_refunded = refunded;
        if (auto r = desk.addNotice(n, nowMs()); !r) return storageFailure(r.error().message);
        ++flagged;
        st = desk.noteProblem("oversold", e.subject, e.villager_id, kiosk_id,
                              already ? "already booked in slot " + std::to_string(e.slot_id)
                                      : "slot " + std::to_string(e.slot_id) + " full (" +
                                            std::to_string(capacity) + " places) when it arrived",
                              nowMs());
        break;
      }
      case ServiceEventKind::CancelBooking: {
        auto b = desk.bookingView(e.subject, e.at_ms);
        if (!b) {
          st = refused("no such booking");
          break;
        }
        if (b->state != BookingState::Booked) break;  // the office refused it already
        const auto void_seq = entrySeqOf(m_db, kiosk_id, e.entry_kiosk_seq);
        if (void_seq) {
          // The kiosk's own void of its booking entry is in the ledger: free the place.
          auto upd = m_db.cached(
              "UPDATE bookings SET status = 'cancelled', cancel_entry_seq = ? WHERE uuid = ? AND "
              "status = 'booked' RETURNING slot_id");
          upd->bind(1, *void_seq).bind(2, e.subject);
          auto row = upd->step();
          if (!row) return storageFailure(row.error().message);
          if (*row) {
            const auto slot_id = upd->columnInt(0);
            auto dec = m_db.cached("UPDATE slots SET booked = booked - 1 WHERE id = ?");
            dec->bind(1, slot_id);
            st = dec->run();
          }
        } else {
          // A booking whose points entry is not the kiosk's: the office gives them back.
          auto r = desk.cancelBooking(e.subject, "cancelled at kiosk " + kiosk_id, e.at_ms);
          if (!r) st = refused(r.error().message);
        }
        break;
      }
      case ServiceEventKind::Request: {
        if (desk.orderByUuid(e.subject)) break;
        auto station = m_db.cached("SELECT id FROM stations WHERE kind = ?");
        station->bind(1, core::toString(e.station));
        auto row = station->step();
        if (!row) return storageFailure(row.error().message);
        const auto paid = entrySeqOf(m_db, kiosk_id, e.entry_kiosk_seq);
        if (!*row || !core::isOrderStation(e.station) || !Roster(m_db).villager(e.villager_id) ||
            !core::validOrderNote(e.station, e.note) || !validEntryId(e.subject, 48)) {
          if (paid) {
            VoidDraft v;
            v.uuid = e.subject + ":refused";
            v.target_seq = *paid;
            v.reason = "request refused by the office";
            v.at_ms = nowMs();
            if (auto r = m_ledger.voidEntry(v); !r) return storageFailure(r.error().message);
          }
          st = refused("not a request the office takes (station, villager or note)");
          break;
        }
        const auto station_id = station->columnInt(0);
        auto ins = m_db.cached(
            "INSERT INTO service_orders (uuid, station_id, requester_id, state, note, "
            "requested_at_ms, updated_at_ms, booked_by, ticket, kiosk_id, points, pay_entry_seq) "
            "VALUES (?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?)");
        ins->bind(1, e.subject).bind(2, station_id).bind(3, e.villager_id).bind(4, e.note);
        ins->bind(5, e.at_ms).bind(6, e.at_ms);
        if (e.booked_by != 0 && Roster(m_db).villager(e.booked_by)) {
          ins->bind(7, e.booked_by);
        } else {
          ins->bindNull(7);
        }
        ins->bind(8, e.ticket).bind(9, kiosk_id).bind(10, paid ? e.points : 0).bind(11, paid);
        st = ins->run();
        break;
      }
      case ServiceEventKind::OrderAction: {
        auto o = desk.orderByUuid(e.subject);
        if (!o) {
          st = refused("no such request");
          break;
        }
        if (e.action == core::OrderAction::Claim && !e.staff && !isVolunteer(m_db, e.villager_id)) {
          st = refused("only volunteers claim requests");
          break;
        }
        if (e.action == core::OrderAction::Claim && o->facts.state != core::OrderState::Requested) {
          if (o->facts.claimer == e.villager_id) break;  // the same claim again
          // Another volunteer's claim reached the office first: theirs stands.
          Notice n;
          n.id = claimNoticeId(e.subject, e.villager_id);
          n.kind = NoticeKind::ClaimLost;
          n.villager_id = e.villager_id;
          n.station = o->station;
          n.about_ms = e.at_ms;
          n.other_name = nameOf(m_db, o->facts.claimer);
          if (auto r = desk.addNotice(n, nowMs()); !r) return storageFailure(r.error().message);
          ++flagged;
          st = desk.noteProblem("claim_lost", e.subject, e.villager_id, kiosk_id,
                                "claimed first by " + n.other_name, nowMs());
          break;
        }
        auto r = desk.actInTransaction(o->id, e.action, {e.villager_id, e.staff}, e.minutes, e.at_ms);
        if (!r) {
          if (r.error().code == LedgerError::Storage) return storageFailure(r.error().message);
          st = refused(r.error().message);
        }
        break;
      }
    }
    if (!st) return storageFailure(st.error().message);
  }
  return applied;
}

std::vector<ServiceProblem> OfficeSync::serviceProblems() {
  std::vector<ServiceProblem> out;
  auto st = m_db.cached(
      "SELECT r.problem, r.subject_uuid, r.villager_id, COALESCE(v.name, ''), r.kiosk_id, r.note, "
      "r.noted_at_ms FROM service_reconciliation r LEFT JOIN villagers v ON v.id = r.villager_id "
      "ORDER BY r.id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnText(0), st->columnText(1), st->columnInt(2), st->columnText(3),
                   st->columnText(4), st->columnText(5), st->columnInt(6)});
  }
  return out;
}

Result<bool, DbError> OfficeSync::pullServices(std::int64_t lo, std::int64_t hi, PullPage& page) {
  auto window = [&](std::string_view sql, const char* topic) {
    auto st = m_db.cached(sql);
    st->bind(1, lo).bind(2, hi).bind(3, topic);
    return st;
  };
  constexpr const char* kIn =
      " IN (SELECT CAST(row_key AS INTEGER) FROM change_log WHERE id > ? AND id <= ? AND topic = ?)";
  {
    auto st = window(std::string("SELECT b.uuid, b.ticket, b.slot_id, b.villager_id, "
                                 "COALESCE(b.booked_by, 0), COALESCE(-e.points_delta, 0), b.status, "
                                 "b.refused, b.created_at_ms FROM bookings b LEFT JOIN entries e ON "
                                 "e.seq = b.entry_seq WHERE b.id") + kIn + " ORDER BY b.id",
                     "booking");
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      PulledBooking b;
      b.uuid = st->columnText(0);
      b.ticket = st->columnText(1);
      b.slot_id = st->columnInt(2);
      b.villager_id = st->columnInt(3);
      b.booked_by = st->columnInt(4);
      b.points = static_cast<int>(st->columnInt(5));
      const bool booked = st->columnTextView(6) == "booked";
      b.state = booked ? "booked" : (st->columnInt(7) != 0 ? "refused" : "cancelled");
      b.created_at_ms = st->columnInt(8);
      page.bookings.push_back(std::move(b));
    }
  }
  {
    auto st = window(std::string("SELECT o.uuid, o.ticket, s.kind, o.state, o.requester_id, "
                                 "COALESCE(o.claimer_id, 0), COALESCE(o.booked_by, 0), o.note, "
                                 "COALESCE(o.minutes, 0), o.points, o.requested_at_ms, "
                                 "o.updated_at_ms FROM service_orders o JOIN stations s ON s.id = "
                                 "o.station_id WHERE o.id") + kIn + " ORDER BY o.id",
                     "order");
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      PulledOrder o;
      o.uuid = st->columnText(0);
      o.ticket = st->columnText(1);
      o.station = core::stationKindFromString(st->columnTextView(2)).value_or(core::StationKind::Errand);
      o.state = core::orderStateFromString(st->columnTextView(3)).value_or(core::OrderState::Cancelled);
      o.requester = st->columnInt(4);
      o.claimer = st->columnInt(5);
      o.booked_by = st->columnInt(6);
      o.note = st->columnText(7);
      o.minutes = static_cast<int>(st->columnInt(8));
      o.points = static_cast<int>(st->columnInt(9));
      o.requested_at_ms = st->columnInt(10);
      o.updated_at_ms = st->columnInt(11);
      page.orders.push_back(std::move(o));
    }
  }
  {
    auto st = window("SELECT id, kind, villager_id, station, about_ms, points_refunded, other_name "
                     "FROM notices WHERE id IN (SELECT row_key FROM change_log WHERE id > ? AND "
                     "id <= ? AND topic = ?) ORDER BY id",
                     "notice");
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      PulledNotice n;
      n.id = st->columnText(0);
      n.kind = st->columnText(1);
      n.villager_id = st->columnInt(2);
      n.station = core::stationKindFromString(st->columnTextView(3)).value_or(core::StationKind::Laundry);
      n.about_ms = st->columnInt(4);
      n.points_refunded = static_cast<int>(st->columnInt(5));
      n.other_name = st->columnText(6);
      page.notices.push_back(std::move(n));
    }
  }
  {
    auto st = window(std::string("SELECT DISTINCT villager_id FROM team_members WHERE villager_id") +
                         kIn + " ORDER BY villager_id",
                     "team_member");
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      page.volunteers.push_back(st->columnInt(0));
    }
  }
  return true;
}

}  // namespace rc::db
