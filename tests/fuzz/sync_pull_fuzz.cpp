// libFuzzer target: the pull's bodies (sync/protocol.h): the office reads a kiosk's pull
// request (its cursor), the kiosk reads the office's pull page (the answer: roster, balances,
// catalog, services, boards, the card key), its push reply and an error reply. Whatever the
// bytes, each is read into typed values or refused with a plain UTF-8 reason; what is read
// encodes and reads back to the same.
#include <cstdint>
#include <limits>
#include <string_view>

#include "core/text.h"
#include "sync/card_token.h"
#include "sync/protocol.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::sync;
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  if (const auto cursor = decodePullRequest(body); cursor) {
    RC_FUZZ_CHECK(cursor->entries >= 0 && cursor->changes >= 0);
    const auto again = decodePullRequest(encodePullRequest(*cursor));
    RC_FUZZ_CHECK(again && *again == *cursor);
  } else {
    RC_FUZZ_CHECK(!cursor.error().empty() && rc::core::validUtf8(cursor.error()));
  }

  if (const auto page = decodePullPage(body); page) {
    RC_FUZZ_CHECK(page->next.entries >= 0 && page->next.changes >= 0);
    RC_FUZZ_CHECK(page->kiosk_seq_included >= 0);
    if (page->card_public_key) RC_FUZZ_CHECK(decodeCardPublicKey(*page->card_public_key));
    // Encoding is a fixed point after one round: the kiosk's reading loses nothing it keeps.
    const auto text = encodePullPage(*page);
    RC_FUZZ_CHECK(rc::core::validUtf8(text));
    const auto again = decodePullPage(text);
    RC_FUZZ_CHECK(again.ok());
    RC_FUZZ_CHECK(encodePullPage(*again) == text);
  } else {
    RC_FUZZ_CHECK(!page.error().empty() && rc::core::validUtf8(page.error()));
  }

  if (const auto reply = decodePushReply(body); reply) {
    RC_FUZZ_CHECK(reply->held >= 0);
    const auto again = decodePushReply(encodePushReply(*reply));
    RC_FUZZ_CHECK(again && again->held == reply->held && again->applied == reply->applied &&
                  again->duplicates == reply->duplicates);
  }

  if (const auto e = decodeError(body)) {
    RC_FUZZ_CHECK(e->error.size() <= 64 && e->reason.size() <= 1000);
    RC_FUZZ_CHECK(!e->held || *e->held >= 0);
    const auto again = decodeError(encodeError(e->error, e->reason, e->held));
    RC_FUZZ_CHECK(again && again->error == e->error && again->reason == e->reason &&
                  again->held == e->held);
  }
  return 0;
}
