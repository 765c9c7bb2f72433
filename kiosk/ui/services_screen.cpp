// Services: the stations this kiosk offers down the left, each a big tile with its picture;
// the chosen one on the right. A slot station shows today and the next six days, each slot a
// tile with its free places (tap one: the confirm screen). A request station shows its preset
// notes to tap (no typing) and the villager's grid. From a scan, a laundry slot is three taps:
// Services on Home, the slot, confirm. Also the screen where a volunteer waits for the card of
// the villager they book for.
#include <algorithm>

#include "kiosk/app/hub_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr float kRightX = 560;
constexpr float kRightW = 1880 - kRightX;
constexpr int kDays = 7;
constexpr int kSlotRows = 4;

void header(Canvas& c, const AppState& s) {
  c.text("services.title", tr(Str::ServicesTitle, s.lang), 40, 108, FontRole::Heading, theme::kRed,
         theme::kPaper);
  if (s.helper && s.villager) {
    c.fill({420, 104, 960, 76}, theme::kYellow, 12);
    c.textFit("services.for", tr(Str::ForWhom, s.lang, {s.helper->name, s.villager->name}), 900,
              122, 920, FontRole::Body, theme::kInk, theme::kYellow, Align::Center);
  }
  if (s.villager) {
    c.text("services.available",
           tr(Str::Available, s.lang, {std::to_string(s.villager->points)}), 1880, 108,
           FontRole::Heading, theme::kInk, theme::kPaper, Align::Right);
  }
}

void stationTiles(Canvas& c, const AppState& s, Intents& out) {
  for (std::size_t i = 0; i < s.stations.size() && i < 6; ++i) {
    const auto& st = s.stations[i];
    const Rect r{40, 200 + static_cast<float>(i) * 124, 490, 112};
    const bool chosen = static_cast<int>(i) == s.station;
    if (c.button("services.station." + std::string(core::toString(st.kind)), "", r,
                 chosen ? ButtonStyle::Selected : ButtonStyle::Secondary, !s.acting)) {
      out.push_back(intent::SelectStation{static_cast<int>(i)});
    }
    const std::uint32_t bg = chosen ? theme::kSelectedBg : theme::kCard;
    const std::uint32_t fg = chosen ? theme::kWhite : theme::kInk;
    stationIcon(c, st.kind, r.x + 66, r.y + r.h / 2, 72, chosen ? theme::kWhite : theme::kRed, bg);
    c.textFit("services.station.name", stationName(st, s.lang), r.x + 130, r.y + 28, 340,
              FontRole::Heading, fg, bg);
  }
}

void slotGrid(Canvas& c, const AppState& s, const db::StationView& st, Intents& out) {
  c.textFit("services.pick", stationName(st, s.lang) + " · " + std::string(tr(Str::PickSlot, s.lang)),
            kRightX, 200, 1000, FontRole::Heading, theme::kInk, theme::kPaper);
  if (!s.slots.empty()) {
    const int cost = s.slots.front().slot.points_cost;
    c.text("services.cost",
           cost > 0 ? tr(Str::CostEach, s.lang, {std::to_string(cost)})
                    : std::string(tr(Str::CostFree, s.lang)),
           1880, 210, FontRole::Body, theme::kInk, theme::kPaper, Align::Right);
  }
  if (s.slots_loading && s.slots.empty()) {
    c.text("services.loading", tr(Str::Loading, s.lang), kRightX, 320, FontRole::Body,
           theme::kInkSoft, theme::kPaper);
    return;
  }
  if (s.slots.empty()) {
    c.text("services.none", tr(Str::NoSlots, s.lang), kRightX, 320, FontRole::Body,
           theme::kInkSoft, theme::kPaper);
    return;
  }
  const float step = kRightW / kDays;
  const float w = step - 10;
  for (int d = 0; d < kDays; ++d) {
    const std::int64_t day = s.today_ms + d * kDayMs;
    const float x = kRightX + static_cast<float>(d) * step;
    const std::string top = d == 0   ? std::string(tr(Str::Today, s.lang))
                            : d == 1 ? std::string(tr(Str::Tomorrow, s.lang))
                                     : weekdayLabel(day + kDayMs / 2, s.lang);
    c.text("services.day", top, x + w / 2, 280, FontRole::Body, theme::kInk, theme::kPaper,
           Align::Center);
    c.text("services.date", dayLabel(day + kDayMs / 2, s.lang), x + w / 2, 324, FontRole::Body,
           theme::kInkSoft, theme::kPaper, Align::Center);
    int row = 0;
    for (const auto& sv : s.slots) {
      if (sv.slot.start_ms < day || sv.slot.start_ms >= day + kDayMs || row >= kSlotRows) continue;
      const Rect r{x, 384 + static_cast<float>(row++) * 150, w, 138};
      // The villager's own booking is marked, not offered again.
      bool mine = false;
      if (s.hub) {
        for (const auto& b : s.hub->bookings) {
          mine = mine || (b.slot_id == sv.slot.id && b.state == db::BookingState::Booked);
        }
      }
      const bool open = sv.free_places > 0 && !mine;
      if (c.button("services.slot." + std::to_string(sv.slot.id), "", r, ButtonStyle::Secondary,
                   open && !s.acting)) {
        out.push_back(intent::ChooseSlot{sv.slot.id});
      }
      const std::uint32_t bg = open ? theme::kCard : theme::kDisabledBg;
      const std::uint32_t fg = open ? theme::kInk : theme::kDisabledInk;
      c.text("services.slot.time", clockLabel(sv.slot.start_ms), r.x + r.w / 2, r.y + 14,
             FontRole::Heading, fg, bg, Align::Center);
      const std::string free = mine ? std::string(tr(Str::SlotMine, s.lang))
                               : open ? tr(Str::FreePlaces, s.lang, {std::to_string(sv.free_places)})
                                      : std::string(tr(Str::SlotFullShort, s.lang));
      c.text("services.slot.free", free, r.x + r.w / 2, r.y + 84, FontRole::Body,
             open ? theme::kOkInk : fg, bg, Align::Center);
    }
  }
}

void notePicker(Canvas& c, const AppState& s, const db::StationView& st, Intents& out) {
  c.textFit("services.pick", stationName(st, s.lang) + " · " + std::string(tr(Str::PickNotes, s.lang)),
            kRightX, 200, kRightW, FontRole::Heading, theme::kInk, theme::kPaper);
  const auto notes = presetNotes(st.kind);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const Rect r{kRightX + static_cast<float>(i % 2) * 670, 300 + static_cast<float>(i / 2) * 160,
                 650, 140};
    const bool chosen = std::find(s.notes.begin(), s.notes.end(), static_cast<int>(i)) != s.notes.end();
    if (c.button("services.note." + std::to_string(i), std::string(noteLabel(notes[i], s.lang)), r,
                 chosen ? ButtonStyle::Selected : ButtonStyle::Secondary, !s.acting)) {
      out.push_back(intent::ToggleNote{static_cast<int>(i)});
    }
    if (chosen) c.tick(r.x + 60, r.y + r.h / 2, 44, theme::kWhite);
  }
  if (s.villager && !s.villager->grid.empty()) {
    c.fill({kRightX, 640, kRightW, 96}, theme::kCard, 14);
    c.text("services.grid", tr(Str::YourGrid, s.lang, {s.villager->grid}), kRightX + 30, 668,
           FontRole::Body, theme::kInk, theme::kCard);
  }
  if (c.button("services.next", tr(Str::NextStep, s.lang), {1380, 900, 500, 140},
               ButtonStyle::Confirm, !s.notes.empty() && !s.acting)) {
    out.push_back(intent::AskRequest{});
  }
}

}  // namespace

void drawServices(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  header(c, s);
  stationTiles(c, s, out);
  if (c.button("services.back", tr(Str::Back, s.lang), {40, 950, 490, 100},
               ButtonStyle::Secondary)) {
    out.push_back(intent::GoHome{});
  }
  const auto* st = currentStation(s);
  if (!st) return;
  if (isSlotStation(st->kind)) {
    slotGrid(c, s, *st, out);
  } else {
    notePicker(c, s, *st, out);
  }
}

void drawForOther(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.villager) return;
  c.fill({360, 130, 1200, 900}, theme::kCard, 24);
  // A villager card held up: a rounded card with a chip.
  c.fill({860, 170, 200, 130}, theme::kRed, 14);
  c.fill({890, 200, 50, 40}, theme::kYellow, 6);
  c.fill({890, 260, 140, 12}, theme::kWhite, 4);
  c.text("forother.title", tr(Str::ForOtherTitle, s.lang), 960, 330, FontRole::Title,
         theme::kRed, theme::kCard, Align::Center);
  c.text("forother.body", tr(Str::ForOtherBody, s.lang, {s.villager->name}), 460, 470,
         FontRole::Heading, theme::kInk, theme::kCard, Align::Left, 1000);
  if (c.button("forother.back", tr(Str::Back, s.lang), {760, 880, 400, 120},
               ButtonStyle::Secondary)) {
    out.push_back(intent::OpenVolunteer{});
  }
}

}  // namespace rc::kiosk::ui
