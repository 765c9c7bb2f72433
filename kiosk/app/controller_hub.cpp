// The Controller's service hub half (controller.h): the hub's intents, and the worker's answers
// to its bookings, requests and order actions. Same class, same rules: the UI thread only.
#include "kiosk/app/controller.h"

#include <algorithm>

#include "db/uuid.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/overloaded.h"

namespace rc::kiosk {

void Controller::loadSlots() {
  const auto* st = currentStation(m_s);
  m_s.slots.clear();
  m_s.slots_loading = false;
  if (!st || !isSlotStation(st->kind)) return;
  m_s.slots_loading = true;
  send(request::LoadSlots{st->kind});
}

void Controller::homeOrPrompt() {
  const Prompt p = nextPrompt(m_s.hub, m_s.later);
  m_s.screen = p.notice || p.done ? ScreenId::Notice : ScreenId::Home;
  m_changed = true;
}

void Controller::orderAct(const std::string& uuid, core::OrderAction action, int minutes) {
  if (m_s.acting || uuid.empty()) return;
  m_s.acting = true;
  send(request::ActOnOrder{uuid, action, villagerId(), minutes});
}

void Controller::askOrRefuse(ConfirmAsk a) {
  // Too few points is said at once, with both figures, rather than on a confirm screen that
  // shows a negative balance and then refuses. The hub checks again when it records.
  if (a.points > 0 && m_s.villager && a.points > m_s.villager->points) {
    ErrorInfo e{ErrorKind::ServicePoints, a.station_name, a.points, m_s.villager->points,
                ScreenId::Services};
    e.station = a.station;
    e.at_ms = a.at_ms;
    showError(std::move(e));
    return;
  }
  m_s.confirm = std::move(a);
  m_service_uuid.clear();
  m_s.screen = ScreenId::Confirm;
}

void Controller::confirmYes() {
  // A second tap while the first is in flight does nothing; a retry keeps the UUID.
  if (m_s.acting || !m_s.confirm || !m_s.villager) return;
  if (m_service_uuid.empty()) m_service_uuid = db::newUuid();
  const ConfirmAsk& a = *m_s.confirm;
  const core::VillagerId helper = m_s.helper ? m_s.helper->id : 0;
  switch (a.kind) {
    case ConfirmKind::Book:
      m_s.acting = true;
      send(request::Book{m_service_uuid, a.station, villagerId(), helper, a.slot_id});
      return;
    case ConfirmKind::Request:
      m_s.acting = true;
      send(request::RequestOrder{m_service_uuid, a.station, villagerId(), helper, a.note});
      return;
    case ConfirmKind::CancelBooking:
      m_s.acting = true;
      send(request::CancelBooking{a.uuid, villagerId()});
      return;
    case ConfirmKind::CancelRequest:
      orderAct(a.uuid, core::OrderAction::Cancel, 0);
      return;
  }
}

void Controller::applyHub(const Intent& intent, TimePoint) {
  if (!m_s.villager) return;
  // Minutes of one service as the volunteer enters them; the ledger's own bound
  // (core::applyOrderAction) is checked by the hub when it is recorded.
  constexpr int kMinMinutes = 15;
  constexpr int kMaxMinutes = 600;
  std::visit(
      Overloaded{
          [&](const intent::OpenServices&) {
            if (!servicesOffered(m_s)) return;
            m_s.notes.clear();
            m_s.screen = ScreenId::Services;
            loadSlots();
          },
          [&](const intent::SelectStation& st) {
            if (st.index < 0 || st.index >= static_cast<int>(m_s.stations.size())) return;
            if (st.index == m_s.station && (m_s.slots_loading || !m_s.slots.empty())) return;
            m_s.station = st.index;
            m_s.notes.clear();
            loadSlots();
          },
          [&](const intent::ChooseSlot& c) {
            if (m_s.acting) return;
            const auto* st = currentStation(m_s);
            for (const auto& sv : m_s.slots) {
              if (sv.slot.id != c.slot_id || !st) continue;
              ConfirmAsk a;
              a.kind = ConfirmKind::Book;
              a.station = sv.slot.station;
              a.station_name = sv.station_name.empty() ? st->name : sv.station_name;
              a.slot_id = sv.slot.id;
              a.at_ms = sv.slot.start_ms;
              a.points = sv.slot.points_cost;
              askOrRefuse(std::move(a));
              return;
            }
          },
          [&](const intent::ToggleNote& t) {
            const auto* st = currentStation(m_s);
            if (!st || t.index < 0 || t.index >= static_cast<int>(presetNotes(st->kind).size())) {
              return;
            }
            auto it = std::find(m_s.notes.begin(), m_s.notes.end(), t.index);
            if (it == m_s.notes.end()) {
              m_s.notes.push_back(t.index);
            } else {
              m_s.notes.erase(it);
            }
          },
          [&](const intent::AskRequest&) {
            const auto* st = currentStation(m_s);
            if (!st || m_s.notes.empty() || isSlotStation(st->kind)) return;
            ConfirmAsk a;
            a.kind = ConfirmKind::Request;
            a.station = st->kind;
            a.station_name = st->name;
            a.note = joinNotes(st->kind, m_s.notes);
            a.points = core::requestPoints(st->kind, m_settings);  // the policy's, as the desk charges
            askOrRefuse(std::move(a));
          },
          [&](const intent::ConfirmYes&) { confirmYes(); },
          [&](const intent::ConfirmNo&) {
            if (m_s.acting || !m_s.confirm) return;
            const bool cancel = m_s.confirm->kind == ConfirmKind::CancelBooking ||
                                m_s.confirm->kind == ConfirmKind::CancelRequest;
            m_s.confirm.reset();
            m_s.screen = cancel ? ScreenId::MyServices : ScreenId::Services;
          },
          [&](const intent::OpenMine&) {
            if (m_s.hub) m_s.screen = ScreenId::MyServices;
          },
          [&](const intent::AskCancelBooking& c) {
            if (!m_s.hub || m_s.acting) return;
            for (const auto& b : m_s.hub->bookings) {
              if (b.uuid != c.uuid || !b.cancellable) continue;
              ConfirmAsk a;
              a.kind = ConfirmKind::CancelBooking;
              a.station = b.station;
              a.station_name = b.station_name;
              a.at_ms = b.start_ms;
              a.points = b.points;
              a.uuid = b.uuid;
              a.ticket = b.ticket;
              m_s.confirm = std::move(a);
              m_s.screen = ScreenId::Confirm;
              return;
            }
          },
          [&](const intent::AskCancelRequest& c) {
            if (!m_s.hub || m_s.acting) return;
            for (const auto& o : m_s.hub->requests) {
              if (o.uuid != c.uuid || o.state != core::OrderState::Requested) continue;
              ConfirmAsk a;
              a.kind = ConfirmKind::CancelRequest;
              a.station = o.station;
              a.station_name = stationName(o.station, "", Lang::Zh);
              for (const auto& st : m_s.stations) {
                if (st.kind == o.station) a.station_name = st.name;
              }
              a.at_ms = o.requested_ms;
              a.points = o.points;
              a.note = o.note;
              a.uuid = o.uuid;
              a.ticket = o.ticket;
              m_s.confirm = std::move(a);
              m_s.screen = ScreenId::Confirm;
              return;
            }
          },
          [&](const intent::OpenVolunteer&) {
            if (m_s.villager->servesOthers() && m_s.hub && !m_s.helper) {
              m_s.screen = ScreenId::Volunteer;
              m_s.volunteer_page = 0;
            }
          },
          [&](const intent::VolunteerPage& p) {
            if (!m_s.hub) return;
            const int count = static_cast<int>(m_s.hub->open.size());
            const int pages = std::max(1, (count + kVolunteerRows - 1) / kVolunteerRows);
            m_s.volunteer_page = std::clamp(m_s.volunteer_page + p.delta, 0, pages - 1);
          },
          [&](const intent::Claim& c) { orderAct(c.uuid, core::OrderAction::Claim, 0); },
          [&](const intent::Unclaim& c) { orderAct(c.uuid, core::OrderAction::Unclaim, 0); },
          [&](const intent::StartDone& d) {
            if (m_s.acting || !m_s.hub) return;
            for (const auto& o : m_s.hub->claimed) {
              if (o.uuid != d.uuid || o.state != core::OrderState::Claimed) continue;
              m_s.done_uuid = o.uuid;
              m_s.minutes = 60;
              m_s.screen = ScreenId::DoneMinutes;
            }
          },
          [&](const intent::SetMinutes& m) {
            m_s.minutes = std::clamp(m.minutes, kMinMinutes, kMaxMinutes);
          },
          [&](const intent::AdjustMinutes& m) {
            m_s.minutes = std::clamp(m_s.minutes + m.delta, kMinMinutes, kMaxMinutes);
          },
          [&](const intent::ConfirmDone&) {
            orderAct(m_s.done_uuid, core::OrderAction::Complete, m_s.minutes);
          },
          [&](const intent::NoticeOk&) {
            const Prompt p = nextPrompt(m_s.hub, m_s.later);
            if (!p.notice) return;
            // Shown once: gone from the screen now, acknowledged in the hub by the worker.
            send(request::Acknowledge{p.notice->id, villagerId()});
            m_s.hub->notices.erase(m_s.hub->notices.begin());
            homeOrPrompt();
          },
          [&](const intent::NoticeConfirm&) {
            const Prompt p = nextPrompt(m_s.hub, m_s.later);
            if (p.done) orderAct(p.done->uuid, core::OrderAction::Confirm, 0);
          },
          [&](const intent::NoticeLater&) {
            const Prompt p = nextPrompt(m_s.hub, m_s.later);
            if (p.done) m_s.later.push_back(p.done->uuid);
            homeOrPrompt();
          },
          [&](const intent::ForOther&) {
            if (m_s.villager->servesOthers() && servicesOffered(m_s) && !m_s.helper) {
              m_s.screen = ScreenId::ForOther;
            }
          },
          [&](const auto&) {},
      },
      intent);
}

void Controller::onServed(response::Served& sv, TimePoint now) {
  if (sv.op == response::HubOp::Refresh) {
    // Only for the villager it was read for, and never in the middle of an action.
    if (m_s.villager && sv.villager && sv.villager->id == m_s.villager->id && !m_s.acting) {
      m_s.hub = std::move(sv.hub);
    }
    return;
  }
  m_s.acting = false;
  m_service_uuid.clear();
  m_s.hub = std::move(sv.hub);
  if (sv.villager) m_s.villager = std::move(sv.villager);
  auto say = [&](Str what) {
    m_s.notice = tr(what, m_s.lang);
    m_notice_until = now + kNoticeTime;
  };
  switch (sv.op) {
    case response::HubOp::Book:
    case response::HubOp::Request:
      m_s.ticket = std::move(sv.ticket);
      m_s.confirm.reset();
      m_s.notes.clear();
      m_s.screen = m_s.ticket ? ScreenId::Ticket : ScreenId::Home;
      printTicket();
      return;
    case response::HubOp::CancelBooking:
    case response::HubOp::CancelRequest:
      say(m_s.confirm && m_s.confirm->points > 0 ? Str::DoneCancelled : Str::DoneCancelledFree);
      m_s.confirm.reset();
      m_s.screen = ScreenId::MyServices;
      return;
    case response::HubOp::Claim:
      say(Str::DoneClaimed);
      m_s.screen = ScreenId::Volunteer;
      return;
    case response::HubOp::Unclaim:
      say(Str::DoneUnclaimed);
      m_s.screen = ScreenId::Volunteer;
      return;
    case response::HubOp::Complete:
      say(Str::DoneMarked);
      m_s.done_uuid.clear();
      m_s.screen = ScreenId::Volunteer;
      return;
    case response::HubOp::Confirm:
      say(Str::DoneConfirmed);
      homeOrPrompt();
      return;
    case response::HubOp::Acknowledge:
      if (m_s.screen == ScreenId::Notice) homeOrPrompt();
      return;
    case response::HubOp::Refresh:
      return;  // handled above
  }
}

void Controller::onServiceRefused(response::ServiceRefused& r) {
  if (r.op == response::HubOp::Refresh) return;
  m_s.acting = false;
  m_service_uuid.clear();  // nothing was recorded: a new attempt is a new one
  if (r.hub) m_s.hub = std::move(r.hub);
  // Shown already (asked again on the next scan), or nothing was asked.
  if (r.op == response::HubOp::Acknowledge || r.op == response::HubOp::Refresh) return;
  ScreenId back = ScreenId::Home;
  switch (r.op) {
    case response::HubOp::Book:
    case response::HubOp::Request: back = ScreenId::Services; break;
    case response::HubOp::CancelBooking:
    case response::HubOp::CancelRequest: back = ScreenId::MyServices; break;
    case response::HubOp::Claim:
    case response::HubOp::Unclaim:
    case response::HubOp::Complete: back = ScreenId::Volunteer; break;
    case response::HubOp::Confirm:
    case response::HubOp::Acknowledge:
    case response::HubOp::Refresh: back = ScreenId::Home; break;
  }
  m_s.confirm.reset();
  ErrorInfo e{r.kind, r.subject, r.needed, r.available, back};
  e.shortfall = std::move(r.shortfall);
  e.station = r.station;
  e.at_ms = r.at_ms;
  showError(std::move(e));
  if (back == ScreenId::Services) loadSlots();  // the places may have moved
}

}  // namespace rc::kiosk
