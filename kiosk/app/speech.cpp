#include "kiosk/app/speech.h"

#include <algorithm>

#include "core/staff.h"
#include "kiosk/app/entry_words.h"
#include "kiosk/app/error_words.h"
#include "kiosk/app/hub_words.h"

namespace rc::kiosk {
namespace {

constexpr std::string_view kNames[] = {
#define RC_KIOSK_STR_NAME(name, zh, en, display) #name,
    RC_KIOSK_STRINGS(RC_KIOSK_STR_NAME)
#undef RC_KIOSK_STR_NAME
};

// Collects the phrases of one utterance in one language.
class Words {
 public:
  explicit Words(Lang lang) { m_u.lang = lang; }
  // A fixed phrase: recordable.
  Words& fixed(Str id) {
    m_u.phrases.push_back({std::string(tr(id, m_u.lang)), std::string(strName(id))});
    return *this;
  }
  Words& with(Str id, std::initializer_list<std::string> args) {
    return said(tr(id, m_u.lang, args));
  }
  // Words with values; each line of several (a household's shortfall) is a phrase of its own,
  // and what was just said is not said twice (a staff action's line repeating the title).
  Words& said(const std::string& text) {
    std::size_t at = 0;
    while (at <= text.size()) {
      const std::size_t nl = std::min(text.find('\n', at), text.size());
      std::string line = text.substr(at, nl - at);
      const bool again = std::any_of(m_u.phrases.begin(), m_u.phrases.end(),
                                     [&](const Phrase& p) { return p.text == line; });
      if (!line.empty() && !again) m_u.phrases.push_back({std::move(line), {}});
      at = nl + 1;
    }
    return *this;
  }
  Lang lang() const { return m_u.lang; }
  Utterance take() { return std::move(m_u); }

 private:
  Utterance m_u;
};

std::string num(std::int64_t n) { return std::to_string(n); }

// What an entry was for, as the voice says it: the rule, goods or team are the office's Chinese
// words, so an English voice says the kind instead.
std::string spokenTitle(const EntryLine& e, Lang lang) {
  return lang == Lang::Zh ? entryTitle(e, lang) : std::string(tr(kindWord(e.kind), lang));
}

void home(Words& w, const AppState& s, const core::Settings& settings) {
  if (!s.villager) return;
  const VillagerCard& v = *s.villager;
  w.with(Str::Hello, {v.name}).with(Str::SayScore, {num(v.score), num(v.points)});
  if (v.score >= settings.welfare_threshold) {
    w.fixed(Str::WelfareYes);
  } else {
    w.with(Str::WelfareNo, {num(settings.welfare_threshold - v.score)});
  }
  if (v.yellow_card) {
    w.fixed(Str::YellowCard);
    if (!v.paired_name.empty()) w.with(Str::YellowCardPair, {v.paired_name});
  }
  // Why the numbers last moved: the newest record, its reason and both numbers.
  if (!v.recent.empty()) {
    const EntryLine& e = v.recent.front();
    const std::string sep = w.lang() == Lang::Zh ? "，" : ", ";
    w.with(Str::SayLatest, {spokenTitle(e, w.lang()) + sep + entryDeltas(e, w.lang())});
  }
}

void entryDetail(Words& w, const AppState& s) {
  if (!s.villager || s.entry < 0 || s.entry >= static_cast<int>(s.villager->recent.size())) return;
  const EntryLine& e = s.villager->recent[static_cast<std::size_t>(s.entry)];
  w.said(spokenTitle(e, w.lang())).said(entryDeltas(e, w.lang()));
  w.with(Str::EntryDate, {monthDay(e.at_ms)});
  const bool council = e.kind == core::EntryKind::CouncilAward ||
                       e.kind == core::EntryKind::CouncilDeduction;
  if (const auto ym = core::YearMonth::parse(e.month); council && ym) {
    w.with(Str::EntryCouncil, {num(ym->year), num(ym->month)});
  }
  if (e.minutes > 0) w.with(Str::EntryMinutes, {num(e.minutes)});
  // The evidence is the council's own words, in Chinese: an English voice cannot read it.
  if (!e.evidence.empty() && w.lang() == Lang::Zh) w.with(Str::EntryEvidence, {e.evidence});
}

void firstSync(Words& w, const AppState& s) {
  // Not the figures of the download: they change with every batch and would restart the voice.
  w.fixed(Str::FirstSyncTitle);
  if (s.sync.failures > 0) w.fixed(Str::FirstSyncRetryNext);
  if (s.scan_waiting) w.fixed(Str::FirstSyncHeld);
}

void supermarket(Words& w, const AppState& s) {
  if (!s.notice.empty()) {
    // What the tap did, and where the cart stands: "已加入：毛巾，合计 10 积分".
    const std::string sep = w.lang() == Lang::Zh ? "，" : ", ";
    w.said(s.notice + sep + tr(Str::Total, w.lang(), {num(cartTotal(s))}));
    return;
  }
  w.fixed(Str::ShopTitle);
  if (s.villager) w.with(Str::Available, {num(s.villager->points)});
  if (s.cart.lines().empty()) {
    w.fixed(Str::CartEmpty);
  } else {
    w.with(Str::Total, {num(cartTotal(s))});
  }
}

void confirm(Words& w, const AppState& s) {
  if (!s.confirm) return;
  const ConfirmAsk& a = *s.confirm;
  switch (a.kind) {
    case ConfirmKind::Book: w.fixed(Str::ConfirmBookTitle); break;
    case ConfirmKind::Request: w.fixed(Str::ConfirmRequestTitle); break;
    case ConfirmKind::CancelBooking: w.fixed(Str::ConfirmCancelBookingTitle); break;
    case ConfirmKind::CancelRequest: w.fixed(Str::ConfirmCancelRequestTitle); break;
  }
  w.with(Str::LineStation, {stationName(a.station, a.station_name, w.lang())});
  if (a.kind == ConfirmKind::Book || a.kind == ConfirmKind::CancelBooking) {
    w.with(Str::LineTime, {whenLabel(a.at_ms, w.lang())});
  }
  if (a.kind == ConfirmKind::Book || a.kind == ConfirmKind::Request) {
    const int left = (s.villager ? s.villager->points : 0) - a.points;
    if (a.points > 0) {
      w.with(Str::LinePoints, {num(a.points), num(left)});
    } else {
      w.fixed(Str::LineFree);
    }
  } else if (a.points > 0) {
    w.with(Str::LineRefund, {num(a.points)});
  }
}

void ticket(Words& w, const AppState& s) {
  if (!s.ticket) return;
  const Ticket& t = *s.ticket;
  const std::string station = stationName(t.station, t.station_name, w.lang());
  w.fixed(t.booking ? Str::TicketBooked : Str::TicketRequested).with(Str::TicketNo, {t.number});
  if (t.booking) {
    w.with(Str::LineTime, {whenLabel(t.at_ms, w.lang())}).with(Str::TicketBookedNext, {station});
  } else {
    w.fixed(Str::TicketRequestNext);
  }
}

void notice(Words& w, const AppState& s) {
  const Prompt p = nextPrompt(s.hub, s.later);
  if (p.notice) {
    const db::Notice& n = *p.notice;
    const std::string day = dayLabel(n.about_ms, w.lang());
    if (n.kind == db::NoticeKind::BookingRefused) {
      w.fixed(Str::NoticeRefusedTitle)
          .with(Str::NoticeRefused, {day, std::string(tr(bookingWord(n.station), w.lang()))});
    } else {
      w.fixed(Str::NoticeClaimLostTitle)
          .with(Str::NoticeClaimLost, {day, stationName(n.station, "", w.lang()), n.other_name});
    }
  } else if (p.done) {
    const db::OrderView& o = *p.done;
    w.fixed(Str::NoticeDoneTitle)
        .with(Str::NoticeDoneAsk,
              {o.claimer_name, donePhrase(o.station, o.note, w.lang()), num(o.minutes)});
  }
}

void staff(Words& w, const AppState& s) {
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  switch (s.screen) {
    case ScreenId::StaffPin:
      if (st.locked_minutes > 0) {
        w.with(Str::StaffLocked, {num(st.locked_minutes)});
      } else if (!st.has_pin) {
        w.fixed(Str::StaffNoPin);
      } else if (st.wrong) {
        w.with(Str::StaffPinWrong, {num(st.tries_left)});
      } else {
        w.with(Str::StaffPinTitle, {st.name});
      }
      break;
    case ScreenId::StaffMenu: w.with(Str::StaffMenuTitle, {st.name}); break;
    case ScreenId::StaffToday: w.fixed(Str::StaffTodayTitle); break;
    case ScreenId::StaffReason:
      w.fixed(st.ask == StaffAsk::Void ? Str::StaffReasonTitle : Str::StaffCountReasonTitle);
      break;
    case ScreenId::StaffConfirm:
      switch (st.ask) {
        case StaffAsk::Void: w.fixed(Str::StaffConfirmVoid); break;
        case StaffAsk::Restock: w.fixed(Str::StaffConfirmRestock); break;
        case StaffAsk::Count: w.fixed(Str::StaffConfirmCount); break;
        case StaffAsk::ConfirmOrder: w.fixed(Str::StaffConfirmOrderTitle); break;
      }
      break;
    case ScreenId::StaffProducts:
      w.fixed(st.counting ? Str::StaffProductsCount : Str::StaffProductsRestock);
      break;
    case ScreenId::StaffNumber:
      if (st.product) {
        w.with(st.counting ? Str::StaffNumberCount : Str::StaffNumberRestock, {st.product->name});
      }
      break;
    case ScreenId::StaffDayClose:
      if (st.closed) {
        w.with(Str::StaffClosedTitle, {core::dayCloseNumber(st.closed->number)});
      } else {
        w.fixed(Str::StaffCloseNote);
      }
      break;
    case ScreenId::StaffOrders: w.fixed(Str::StaffOrdersTitle); break;
    default: break;
  }
  // What the last action did, or why it did not go through.
  w.said(w.lang() == Lang::Zh ? st.problem : st.problem_en);
  w.said(w.lang() == Lang::Zh ? st.done_line : st.done_line_en);
}

}  // namespace

std::string_view strName(Str id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < std::size(kNames) ? kNames[i] : std::string_view{};
}

std::string Utterance::text() const {
  std::string out;
  for (const auto& p : phrases) {
    if (!out.empty() && lang == Lang::En) out += ' ';
    out += p.text;
    const char last = p.text.empty() ? '\0' : p.text.back();
    // A phrase ending in its own question mark or full stop keeps it.
    const bool ends = last == '.' || last == '?' || p.text.ends_with("？") ||
                      p.text.ends_with("。") || p.text.ends_with("…");
    if (!ends) out += lang == Lang::Zh ? "。" : ".";
  }
  return out;
}

Utterance spokenFor(const AppState& s, const core::Settings& settings) {
  Words w(s.lang);
  if (s.idle_warning) {
    // The question only: the countdown changes every second and would restart the voice.
    w.fixed(Str::IdleTitle);
    return w.take();
  }
  // No default: a new screen must say something (-Wswitch is an error).
  switch (s.screen) {
    case ScreenId::Attract: w.fixed(Str::ScanPrompt).fixed(Str::ScanHint); break;
    case ScreenId::FirstSync: firstSync(w, s); break;
    case ScreenId::Home: home(w, s, settings); break;
    case ScreenId::EntryDetail: entryDetail(w, s); break;
    case ScreenId::Supermarket: supermarket(w, s); break;
    case ScreenId::Receipt:
      if (s.receipt) {
        const Receipt& r = *s.receipt;
        w.fixed(Str::Success)
            .with(Str::OrderNo, {r.order_number})
            .with(Str::Spent, {num(r.total_points), num(r.balance_after)})
            .fixed(Str::TakeGoods);
      }
      break;
    case ScreenId::Error:
      if (s.error) {
        const ErrorWords e = errorWords(*s.error, s.lang, settings);
        const ErrorStrs k = errorStrs(s.error->kind);
        w.fixed(k.title);
        // The body is fixed (recordable) when it holds no values.
        if (e.body == tr(k.body, s.lang)) {
          w.fixed(k.body);
        } else {
          w.said(e.body);
        }
        w.fixed(k.next);
      }
      break;
    case ScreenId::Services:
      w.fixed(Str::ServicesTitle);
      if (const db::StationView* st = currentStation(s)) {
        w.said(stationName(*st, s.lang));
        w.fixed(core::isSlotStation(st->kind) ? Str::PickSlot : Str::PickNotes);
      }
      break;
    case ScreenId::Confirm: confirm(w, s); break;
    case ScreenId::Ticket: ticket(w, s); break;
    case ScreenId::MyServices: {
      const std::size_t n = s.hub ? s.hub->bookings.size() + s.hub->requests.size() : 0;
      w.fixed(Str::MineTitle);
      if (n == 0) {
        w.fixed(Str::MineNone);
      } else {
        w.with(Str::HomeMine, {num(static_cast<std::int64_t>(n))});
      }
      break;
    }
    case ScreenId::Volunteer: {
      const int m = s.hub ? s.hub->volunteer_minutes : 0;
      w.fixed(Str::VolTitle).with(Str::VolHours, {num(m / 60), num(m % 60)});
      if (s.hub && s.hub->open.empty()) w.fixed(Str::VolNoneOpen);
      break;
    }
    case ScreenId::DoneMinutes:
      w.fixed(Str::MinutesTitle).with(Str::MinutesValue, {num(s.minutes)});
      break;
    case ScreenId::Notice: notice(w, s); break;
    case ScreenId::ForOther:
      w.fixed(Str::ForOtherTitle);
      if (s.villager) w.with(Str::ForOtherBody, {s.villager->name});
      break;
    case ScreenId::StaffPin:
    case ScreenId::StaffMenu:
    case ScreenId::StaffToday:
    case ScreenId::StaffReason:
    case ScreenId::StaffConfirm:
    case ScreenId::StaffProducts:
    case ScreenId::StaffNumber:
    case ScreenId::StaffDayClose:
    case ScreenId::StaffOrders: staff(w, s); break;
  }
  return w.take();
}

}  // namespace rc::kiosk
