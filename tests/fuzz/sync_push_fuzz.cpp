// libFuzzer target: what the office's `serve` reads from a kiosk's push (office/server.cpp):
// the four signed headers' shape, then the body's entries, service events and staff work
// (sync/protocol.h). The input is the headers, one a line (X-RC-Kiosk, X-RC-Timestamp,
// X-RC-Nonce, X-RC-Signature), then the body. Whatever the bytes:
// - headers are well formed only as the protocol says, and checking their signature is safe;
// - a body is read into typed values within every cap or refused with a reason the server can
//   send back (UTF-8, so its JSON error reply can be written) — never both, never neither;
// - what is read encodes and reads back to the same values (the kiosk's encoder and the
//   office's decoder agree), with nothing left unreadable.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "sync/protocol.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::string_view takeLine(std::string_view& in) {
  const auto nl = in.find('\n');
  const auto line = in.substr(0, nl);
  in = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  return line;
}

// The server answers every refusal with encodeError(code, reason): it must be writable.
void checkRefusal(const std::string& reason) {
  RC_FUZZ_CHECK(!reason.empty());
  RC_FUZZ_CHECK(rc::core::validUtf8(reason));
  const auto reply = rc::sync::encodeError("bad_request", reason);
  if (reason.size() <= 1000) {  // the kiosk reads it back (decodeError's cap)
    const auto back = rc::sync::decodeError(reply);
    RC_FUZZ_CHECK(back && back->reason == reason);
  }
}

void checkHeaders(std::string_view& in) {
  using namespace rc::sync;
  SignedHeaders h;
  h.kiosk = takeLine(in);
  h.timestamp = takeLine(in);
  h.nonce = takeLine(in);
  h.signature = takeLine(in);
  const auto ts = wellFormedTimestamp(h);
  if (ts) {
    RC_FUZZ_CHECK(rc::db::validKioskId(h.kiosk));
    const auto digits = std::string_view(h.timestamp).substr(h.timestamp[0] == '-' ? 1 : 0);
    RC_FUZZ_CHECK(!digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
      return c >= '0' && c <= '9';
    }));
    RC_FUZZ_CHECK(h.nonce.size() == 32);
    RC_FUZZ_CHECK(!h.signature.empty() && h.signature.size() <= 200);
  }
  static const PublicKey key{};  // no kiosk holds the all-zero key
  RC_FUZZ_CHECK(!signatureValid(key, "POST", kPushPath, in, h));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::sync;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  checkHeaders(in);
  const std::string_view body = in;

  const auto entries = decodePush(body);
  if (!entries) {
    checkRefusal(entries.error());
  } else {
    RC_FUZZ_CHECK(entries->size() <= kMaxBatchEntries);
    for (const auto& e : *entries) {
      RC_FUZZ_CHECK(rc::db::validEntryId(e.uuid));
      RC_FUZZ_CHECK(e.kiosk_seq >= 1 && e.villager_id >= 1 && e.at_ms >= 1);
      RC_FUZZ_CHECK(e.reference.size() <= rc::db::kMaxReference);
      RC_FUZZ_CHECK(e.detail.size() <= rc::db::kMaxDetail);
      RC_FUZZ_CHECK(rc::core::validUtf8(e.reference) && rc::core::validUtf8(e.detail));
      RC_FUZZ_CHECK(!e.voids_uuid || rc::db::validEntryId(*e.voids_uuid));
    }
  }

  const auto events = decodeServiceEvents(body);
  if (!events) {
    checkRefusal(events.error());
  } else {
    RC_FUZZ_CHECK(events->events.size() + events->unreadable.size() <= kMaxServiceEvents);
    for (const auto& e : events->events) {
      RC_FUZZ_CHECK(rc::core::validUtf8(e.uuid) && rc::core::validUtf8(e.subject));
      RC_FUZZ_CHECK(rc::core::validUtf8(e.note) && rc::core::validUtf8(e.ticket));
    }
    for (const auto& u : events->unreadable) {
      RC_FUZZ_CHECK(!u.reason.empty() && rc::core::validUtf8(u.reason));
      RC_FUZZ_CHECK(rc::core::validUtf8(u.uuid));
    }
  }

  const auto staff = decodeStaffWork(body);
  if (!staff) {
    checkRefusal(staff.error());
  } else {
    RC_FUZZ_CHECK(staff->work.movements.size() <= kMaxStockMovements);
    RC_FUZZ_CHECK(staff->work.closes.size() <= kMaxDayCloses);
    RC_FUZZ_CHECK(staff->work.events.size() <= kMaxStaffEvents);
    for (const auto& u : staff->unreadable) {
      RC_FUZZ_CHECK(u.what == "movement" || u.what == "close" || u.what == "event");
      RC_FUZZ_CHECK(!u.reason.empty() && rc::core::validUtf8(u.reason));
      RC_FUZZ_CHECK(rc::core::validUtf8(u.id));
    }
    for (const auto& m : staff->work.movements) {
      RC_FUZZ_CHECK(rc::core::validUtf8(m.uuid) && rc::core::validUtf8(m.sku));
      RC_FUZZ_CHECK(rc::core::validUtf8(m.note) && rc::core::validUtf8(m.staff_name));
    }
  }

  // What the office reads, a kiosk's encoder writes again, and the office reads the same.
  if (entries && events && staff) {
    const auto again = encodePush(*entries, events->events, staff->work);
    const auto entries2 = decodePush(again);
    const auto events2 = decodeServiceEvents(again);
    const auto staff2 = decodeStaffWork(again);
    RC_FUZZ_CHECK(entries2 && events2 && staff2);
    RC_FUZZ_CHECK(*entries2 == *entries);
    RC_FUZZ_CHECK(events2->events == events->events && events2->unreadable.empty());
    RC_FUZZ_CHECK(staff2->work.movements == staff->work.movements);
    RC_FUZZ_CHECK(staff2->work.closes == staff->work.closes);
    RC_FUZZ_CHECK(staff2->work.events == staff->work.events);
    RC_FUZZ_CHECK(staff2->unreadable.empty());
  }
  return 0;
}
