#pragma once
// The messages around the Controller: intents that screens emit, requests it sends to the DB
// worker, and the worker's responses. Plain values, safe to move between threads.

#include <cstdint>
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
}  // namespace intent

using Intent =
    std::variant<intent::OpenSupermarket, intent::GoHome, intent::EndSession,
                 intent::SelectCategory, intent::ChangePage, intent::AddToCart,
                 intent::RemoveFromCart, intent::ConfirmRedeem, intent::DismissError,
                 intent::StillHere, intent::ToggleLanguage, intent::FinishReceipt>;
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
}  // namespace request

using Request = std::variant<request::LoadBoards, request::LoadProducts, request::LookupCard,
                             request::LookupBarcode, request::Redeem>;

namespace response {
struct Boards {
  AttractBoards boards;
};
struct Products {
  std::vector<core::Product> products;
};
struct Card {
  std::string uid;
  std::optional<VillagerCard> villager;  // nullopt: unknown or revoked card
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
// The ledger cannot be read or written at all.
struct Unavailable {
  std::string detail;
};
}  // namespace response

using Response = std::variant<response::Boards, response::Products, response::Card,
                              response::Barcode, response::Redeemed, response::RedeemRefused,
                              response::Unavailable>;

}  // namespace rc::kiosk
