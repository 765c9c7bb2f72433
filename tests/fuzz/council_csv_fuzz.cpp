// libFuzzer target: the council's decision sheet and the volunteer hour sheet (core/council.h)
// behind `council post --file` and `volunteer-hours`. Whatever the bytes, a sheet is read into
// lines within every bound or refused with its bad lines named; never both, never neither.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/council.h"
#include "core/csv.h"
#include "core/text.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void checkErrors(const std::vector<rc::core::LineError>& errors) {
  for (const auto& e : errors) {
    RC_FUZZ_CHECK(e.line >= 0);
    RC_FUZZ_CHECK(!e.message.empty());
    RC_FUZZ_CHECK(rc::core::validUtf8(e.message));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::core;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CsvLimits limits;
  limits.max_bytes = 1u << 16;
  limits.max_rows = 64;
  const auto table = readCsv(bytes, std::nullopt, limits);
  if (!table) return 0;
  const auto council = parseCouncilSheet(*table);
  checkErrors(council.errors);
  if (council.errors.empty()) {
    for (const auto& l : council.lines) {
      RC_FUZZ_CHECK(l.line >= 2);
      RC_FUZZ_CHECK(l.villager_id > 0);
      RC_FUZZ_CHECK(!checkSheetText(l.name, kMaxSheetNameChars));
      RC_FUZZ_CHECK(!l.rule_code.empty() && l.rule_code.size() <= kMaxRuleCodeBytes);
      RC_FUZZ_CHECK(!checkSheetText(l.evidence, kMaxEvidenceChars));
      RC_FUZZ_CHECK(!checkSheetText(l.collector, kMaxCollectorChars, true));
    }
  }
  const auto hours = parseHoursSheet(*table);
  checkErrors(hours.errors);
  if (hours.errors.empty()) {
    for (const auto& l : hours.lines) {
      RC_FUZZ_CHECK(l.villager_id > 0);
      RC_FUZZ_CHECK(l.minutes >= 1 && l.minutes <= kMaxSessionMinutes);
      RC_FUZZ_CHECK(parseCivilDate(l.date()).has_value());
      RC_FUZZ_CHECK(!l.team.empty() && validUtf8(l.team));
    }
  }
  return 0;
}
