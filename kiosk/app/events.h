#pragma once
// The messages around the Controller: intents that screens emit, requests it sends to the DB
// worker, and the worker's responses. Plain values, safe to move between threads.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/cart.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

namespace intent {
struct OpenSupermarket {};
struct GoHome {};
struct EndSession {};
struct SelectCategory {
  int index = 0;
};
struct ChangePage {
  int delta = 0;
};
struct AddToCart {
  std::string sku;
};
struct RemoveFromCart {
  std::string sku;
};
struct ConfirmRedeem {};
struct DismissError {};
struct StillHere {};
struct ToggleLanguage {};
struct FinishReceipt {};
struct OpenEntry {  // Home: a recent entry, by its index in VillagerCard::recent
  int index = 0;
};
struct SayAgain {};  // 再听一遍: the screen speaks again, even in quiet hours
// The service hub.
struct OpenServices {};
struct SelectStation {
  int index = 0;
};
struct ChooseSlot {
  std::int64_t slot_id = 0;
};
struct ToggleNote {
  int index = 0;
};
struct AskRequest {};  // the notes chosen: on to the confirm screen
struct ConfirmYes {};
struct ConfirmNo {};
struct OpenMine {};
struct AskCancelBooking {
  std::string uuid;
};
struct AskCancelRequest {
  std::string uuid;
};
struct OpenVolunteer {};
struct Claim {
  std::string uuid;
};
struct Unclaim {
  std::string uuid;
};
struct StartDone {
  std::string uuid;
};
struct SetMinutes {
  int minutes = 0;
};
struct AdjustMinutes {
  int delta = 0;
};
struct ConfirmDone {};
struct NoticeOk {};       // the notice shown is read
struct NoticeConfirm {};  // the request shown was done: confirm it
struct NoticeLater {};    // not yet: ask again on a later scan
struct ForOther {};       // a volunteer: the next card scanned is the villager to book for
struct VolunteerPage {    // the open requests' previous (-1) or next (+1) page
  int delta = 0;
};
// Staff.
struct PinKey {  // a digit 0..9
  int digit = 0;
};
struct PinErase {};
struct StaffOpen {  // from the menu
  ScreenId screen = ScreenId::StaffToday;  // StaffToday, StaffProducts, StaffDayClose, StaffOrders
  bool counting = false;                   // StaffProducts: a stock count (else a restock)
};
struct StaffMenu {};  // back to the menu
struct StaffExit {};
struct StaffPage {
  int delta = 0;
};
struct StaffVoid {  // a row of today's list
  std::string uuid;
};
struct StaffVoidReason {
  core::VoidReason reason = core::VoidReason::WrongItem;
};
struct StaffCountReason {
  core::CountReason reason = core::CountReason::Damaged;
};
struct StaffPickProduct {
  std::string sku;
};
struct NumberKey {  // the count pad: a digit, or -1 to erase one
  int digit = 0;
};
struct NumberOk {};
struct StaffConfirmOrder {
  std::string uuid;
};
struct StaffYes {};
struct StaffNo {};
struct StaffCloseDay {};
}  // namespace intent

using Intent =
    std::variant<intent::OpenSupermarket, intent::GoHome, intent::EndSession,
                 intent::SelectCategory, intent::ChangePage, intent::AddToCart,
                 intent::RemoveFromCart, intent::ConfirmRedeem, intent::DismissError,
                 intent::StillHere, intent::ToggleLanguage, intent::FinishReceipt,
                 intent::OpenServices, intent::SelectStation, intent::ChooseSlot,
                 intent::ToggleNote, intent::AskRequest, intent::ConfirmYes, intent::ConfirmNo,
                 intent::OpenMine, intent::AskCancelBooking, intent::AskCancelRequest,
                 intent::OpenVolunteer, intent::Claim, intent::Unclaim, intent::StartDone,
                 intent::SetMinutes, intent::AdjustMinutes, intent::ConfirmDone,
                 intent::NoticeOk, intent::NoticeConfirm, intent::NoticeLater, intent::ForOther,
                 intent::VolunteerPage, intent::PinKey, intent::PinErase, intent::StaffOpen,
                 intent::StaffMenu, intent::StaffExit, intent::StaffPage, intent::StaffVoid,
                 intent::StaffVoidReason, intent::StaffCountReason, intent::StaffPickProduct,
                 intent::NumberKey, intent::NumberOk, intent::StaffConfirmOrder,
                 intent::StaffYes, intent::StaffNo, intent::StaffCloseDay, intent::OpenEntry,
                 intent::SayAgain>;
// What a screen emits during one frame; the Controller applies them after it.
using Intents = std::vector<Intent>;

namespace request {
struct LoadBoards {};
struct LoadProducts {};
struct LookupCard {
  std::string uid;
};
struct LookupBarcode {
  std::string barcode;
};
struct Redeem {
  std::string uuid;  // the same for every retry of one confirmed cart: the ledger records it once
  core::VillagerId villager = 0;
  std::vector<core::CartLine> lines;
  std::string order_number;
};
// The service hub. `villager` is the one in session; every action answers with the hub as it
// stands after it (response::Served) or a refusal (response::ServiceRefused).
struct LoadStations {};
struct LoadSlots {
  core::StationKind station = core::StationKind::Laundry;
};
struct Book {
  std::string uuid;  // the same for every retry of one confirmed booking
  core::StationKind station = core::StationKind::Laundry;
  core::VillagerId villager = 0;
  core::VillagerId helper = 0;  // the volunteer booking for the villager; 0: none
  std::int64_t slot_id = 0;
};
struct RequestOrder {
  std::string uuid;
  core::StationKind station = core::StationKind::Repair;
  core::VillagerId villager = 0;
  core::VillagerId helper = 0;
  std::string note;  // preset notes, joined
};
struct CancelBooking {
  std::string booking_uuid;
  core::VillagerId villager = 0;
};
struct ActOnOrder {
  std::string order_uuid;
  core::OrderAction action = core::OrderAction::Claim;
  core::VillagerId villager = 0;  // the actor: claimer, or requester for confirm and cancel
  int minutes = 0;                // Complete
};
struct Acknowledge {
  std::string notice_id;
  core::VillagerId villager = 0;
};
// The hub for the villager in session again (a pull brought the office's news).
struct LoadHub {
  core::VillagerId villager = 0;
};
// Staff. `now_ms` 0: the clock (tests pass a time).
struct StaffPin {
  std::string card_uid;
  std::string pin;  // six digits; never logged, gone with the request
  std::int64_t now_ms = 0;
};
struct LoadStaffDay {};
struct StaffVoid {
  std::string uuid;  // the entry voided
  core::VoidReason reason = core::VoidReason::WrongItem;
  std::string staff;
  std::int64_t now_ms = 0;
};
struct Restock {
  std::string sku;
  int count = 0;
  std::string staff;
  std::int64_t now_ms = 0;
};
struct StockCount {
  std::string sku;
  int counted = 0;
  core::CountReason reason = core::CountReason::Miscounted;
  std::string staff;
  std::int64_t now_ms = 0;
};
struct LoadStaffOrders {};
struct StaffConfirmOrder {
  std::string uuid;
  std::int64_t now_ms = 0;
};
struct CloseDay {
  std::string staff;
  std::int64_t now_ms = 0;
};
}  // namespace request

using Request = std::variant<request::LoadBoards, request::LoadProducts, request::LookupCard,
                             request::LookupBarcode, request::Redeem, request::LoadStations,
                             request::LoadSlots, request::Book, request::RequestOrder,
                             request::CancelBooking, request::ActOnOrder, request::Acknowledge,
                             request::LoadHub, request::StaffPin, request::LoadStaffDay,
                             request::StaffVoid, request::Restock, request::StockCount,
                             request::LoadStaffOrders, request::StaffConfirmOrder,
                             request::CloseDay>;

namespace response {
struct Boards {
  AttractBoards boards;
};
struct Products {
  std::vector<core::Product> products;
  std::map<std::string, std::shared_ptr<const db::RgbaPicture>> pictures;  // by SKU
};
struct Card {
  std::string uid;
  std::optional<VillagerCard> villager;  // nullopt: unknown or revoked card
  std::optional<HubView> hub;            // nullopt: no service hub on this kiosk
};
struct Barcode {
  std::string barcode;
  std::optional<core::Product> product;
};
struct Redeemed {
  Receipt receipt;
  VillagerCard villager;  // as it stands after the redemption
  std::int64_t pending_sync = -1;  // a synced kiosk: entries not yet acknowledged by the office
};
struct RedeemRefused {
  ErrorKind kind = ErrorKind::RedeemFailed;
  std::string sku;  // the offending line, when there is one
  std::string detail;  // for the log
  int limit = 0;      // OfflineLimit: points a villager may spend a day offline
  int remaining = 0;  // OfflineLimit: what is left of it today
};
struct Stations {
  std::vector<db::StationView> stations;  // empty: no service hub on this kiosk
};
struct Slots {
  core::StationKind station = core::StationKind::Laundry;
  std::int64_t today_ms = 0;  // start of today, China Standard Time
  std::vector<db::SlotView> slots;
};
// Which hub action an answer is about, so the controller knows where to go next.
enum class HubOp {
  Book,
  Request,
  CancelBooking,
  Claim,
  Unclaim,
  Complete,
  Confirm,
  CancelRequest,
  Acknowledge,
  Refresh,  // LoadHub: nothing was done, the screen stays
};
struct Served {
  HubOp op = HubOp::Book;
  std::optional<Ticket> ticket;  // Book, Request
  HubView hub;                   // as it stands after the action
  std::optional<VillagerCard> villager;  // fresh points
};
struct ServiceRefused {
  HubOp op = HubOp::Book;
  ErrorKind kind = ErrorKind::ServiceFailed;
  std::string subject;  // the station's name as the office gave it
  std::optional<core::StationKind> station;
  std::int64_t at_ms = 0;  // the slot's start, when it concerns a slot
  int needed = 0;       // ServicePoints: what it costs
  int available = 0;    // ServicePoints: what the villager has
  std::vector<db::HouseholdShortfall> shortfall;  // MachineryNotEligible
  std::optional<HubView> hub;  // fresh, when the refusal changed what is shown (a lost claim)
  std::string detail;          // for the log
};
// Staff.
struct StaffCard {  // answers LookupCard for a staff member's card
  std::string uid;
  std::string name;
  core::StaffRole role = core::StaffRole::Keeper;
  bool has_pin = true;
  core::PinLock lock;
  std::int64_t now_ms = 0;
};
struct StaffPinChecked {
  bool ok = false;
  core::PinLock lock;  // after this attempt
  std::int64_t now_ms = 0;
};
enum class StaffOp { Void, Restock, Count, ConfirmOrder, CloseDay, Load };
struct StaffDone {
  StaffOp op = StaffOp::Load;
  std::string line;     // what was done, for the screen (Chinese): "已作废：毛巾×1，退回 10 积分"
  std::string line_en;  // the same in English
  std::optional<StaffDay> day;                  // Load, Void, CloseDay: the day as it stands
  std::optional<std::vector<core::Product>> products;  // Restock, Count: fresh stock
  std::optional<std::vector<db::OrderView>> orders;    // ConfirmOrder, LoadStaffOrders
  std::optional<db::DayCloseRow> closed;        // CloseDay
};
struct StaffRefused {
  StaffOp op = StaffOp::Load;
  std::string words;     // why, for the screen (Chinese)
  std::string words_en;  // the same in English
  std::string detail;    // for the log
};
// The ledger cannot be read or written at all.
struct Unavailable {
  std::string detail;
};
}  // namespace response

using Response = std::variant<response::Boards, response::Products, response::Card,
                              response::Barcode, response::Redeemed, response::RedeemRefused,
                              response::Unavailable, response::Stations, response::Slots,
                              response::Served, response::ServiceRefused, response::StaffCard,
                              response::StaffPinChecked, response::StaffDone,
                              response::StaffRefused>;

}  // namespace rc::kiosk
