// Signing and the JSON bodies. Section index: keys · signing · entries · push · pull · errors
#include "sync/protocol.h"

#include "core/rules.h"
#include "core/staff.h"
#include "core/text.h"
#include "db/office_sync.h"
#include "db/sha256.h"
#include "db/team_recruiting.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace rc::sync {
namespace {

using nlohmann::json;

void ensureSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string hex(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

// Thrown inside decoders only, turned into an error value at their edge.
struct BadBody : std::runtime_error {
  using std::runtime_error::runtime_error;
};

json parseObject(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) throw BadBody("the body is not valid JSON");
  if (!j.is_object()) throw BadBody("the body must be a JSON object");
  return j;
}

std::int64_t int64At(const json& j, const char* key, std::int64_t lo, std::int64_t hi) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) {
    throw BadBody(std::string("'") + key + "' must be a whole number");
  }
  const auto v = it->get<std::int64_t>();
  if (v < lo || v > hi) throw BadBody(std::string("'") + key + "' is out of range");
  return v;
}

int intAt(const json& j, const char* key) {
  return static_cast<int>(int64At(j, key, std::numeric_limits<int>::min() / 2,
                                   std::numeric_limits<int>::max() / 2));
}

std::string textAt(const json& j, const char* key, std::size_t max_len) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) throw BadBody(std::string("'") + key + "' must be text");
  auto s = it->get<std::string>();
  if (s.size() > max_len) throw BadBody(std::string("'") + key + "' is too long");
  return s;
}

bool boolAt(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_boolean()) throw BadBody(std::string("'") + key + "' must be true or false");
  return it->get<bool>();
}

template <class T>
std::optional<T> optional(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

const json& arrayAt(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array()) throw BadBody(std::string("'") + key + "' must be a list");
  return *it;
}

template <class T, class F>
Result<T, std::string> decoding(F&& f) {
  try {
    return f();
  } catch (const BadBody& e) {
    return err(std::string(e.what()));
  } catch (const json::exception& e) {
    return err(std::string("malformed body: ") + e.what());
  }
}

}  // namespace

// ---- keys ----------------------------------------------------------------------------------

KeyPair newKeyPair() {
  ensureSodium();
  KeyPair k;
  crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
  return k;
}


std::string toBase64(std::span<const std::uint8_t> bytes) {
  const auto variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text, std::size_t max_chars) {
  if (text.size() > max_chars) return std::nullopt;
  // libsodium wants a buffer even for nothing (an empty vector's data() is null).
  if (text.empty()) return std::vector<std::uint8_t>{};
  // libsodium's decoder takes some bytes outside the alphabet for letters of it: refuse them.
  const bool alphabet = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/' || c == '=';
  });
  if (!alphabet) return std::nullopt;
  std::vector<std::uint8_t> out(text.size());
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

// ---- signing -------------------------------------------------------------------------------

std::string canonicalRequest(std::string_view method, std::string_view path,
                             std::string_view body, std::string_view timestamp,
                             std::string_view nonce) {
  // libcrypto's SHA-256 (SHA extensions): a 1,000-entry body is a quarter of a megabyte, which
  // libsodium's portable SHA-256 took about a millisecond to hash on each side.
  const auto digest = db::Sha256::local().digest(
      {reinterpret_cast<const std::uint8_t*>(body.data()), body.size()});
  std::string out = "RC-SYNC-1\n";
  out.append(method).append("\n").append(path).append("\n").append(timestamp).append("\n");
  out.append(nonce).append("\n").append(hex(digest));
  return out;
}

SignedHeaders signRequest(const KioskIdentity& id, std::string_view method, std::string_view path,
                          std::string_view body, std::int64_t now_ms) {
  ensureSodium();
  SignedHeaders h;
  h.kiosk = id.kiosk_id;
  h.timestamp = std::to_string(now_ms);
  std::array<std::uint8_t, 16> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  h.nonce = hex(nonce);
  const auto text = canonicalRequest(method, path, body, h.timestamp, h.nonce);
  std::array<std::uint8_t, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), id.secret_key.data());
  h.signature = toBase64(sig);
  return h;
}

std::string_view toString(AuthError e) noexcept {
  switch (e) {
    case AuthError::Missing: return "missing or malformed signature headers";
    case AuthError::UnknownKiosk: return "unknown kiosk";
    case AuthError::RevokedKiosk: return "revoked kiosk";
    case AuthError::BadSignature: return "bad signature";
    case AuthError::StaleTimestamp: return "stale timestamp";
    case AuthError::ReplayedNonce: return "replayed nonce";
  }
  return "unknown";
}

std::optional<std::int64_t> wellFormedTimestamp(const SignedHeaders& h) noexcept {
  const auto lowerHex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  std::int64_t ts = 0;
  const char* end = h.timestamp.data() + h.timestamp.size();
  const auto [p, ec] = std::from_chars(h.timestamp.data(), end, ts);
  const bool ok = db::validKioskId(h.kiosk) && !h.timestamp.empty() && ec == std::errc() &&
                  p == end && h.nonce.size() == 32 &&
                  std::all_of(h.nonce.begin(), h.nonce.end(), lowerHex) &&
                  !h.signature.empty() && h.signature.size() <= 200;
  if (!ok) return std::nullopt;
  return ts;
}

bool signatureValid(const PublicKey& key, std::string_view method, std::string_view path,
                    std::string_view body, const SignedHeaders& h) {
  const auto sig = fromBase64(h.signature);
  if (!sig || sig->size() != crypto_sign_BYTES) return false;
  const auto text = canonicalRequest(method, path, body, h.timestamp, h.nonce);
  return crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size(), key.data()) == 0;
}



// ---- push ----------------------------------------------------------------------------------

namespace {

// JSON string escaping as nlohmann's dump() does it (UTF-8 passes through unchanged).
void putJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0x0f]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void putInt(std::string& out, std::int64_t v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// One value of an entry as the SAX parser saw it; nested values are only "other".
struct Field {
  enum class Type { Missing, Null, Bool, Int, UInt, Float, Text, Other };
  Field() = default;
  explicit Field(Type t) : type(t) {}
  Type type = Type::Missing;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  std::string text;
};

// The push body parsed as a stream (no DOM): a batch of a thousand entries is parsed without
// building a map per entry. It reports exactly what the DOM-based decoders report, in the
// same order: not JSON, not an object, no list, too many entries, then the first bad entry.
class PushSax {
 public:
  bool null() { return value(Field{Field::Type::Null}); }
  bool boolean(bool) { return value(Field{Field::Type::Bool}); }
  bool number_integer(json::number_integer_t v) {
    Field f{Field::Type::Int};
    f.i = v;
    return value(std::move(f));
  }
  bool number_unsigned(json::number_unsigned_t v) {
    Field f{Field::Type::UInt};
    f.u = v;
    return value(std::move(f));
  }
  bool number_float(json::number_float_t, const json::string_t&) { return value(Field{Field::Type::Float}); }
  bool string(json::string_t& v) {
    Field f{Field::Type::Text};
    f.text = std::move(v);
    return value(std::move(f));
  }
  bool binary(json::binary_t&) { return value(Field{Field::Type::Other}); }
  bool start_object(std::size_t) {
    ++m_depth;
    if (m_depth == 1) {
      m_top_object = true;
    } else if (m_depth == 2) {
      if (m_key == "entries") m_entries_list = false;
    } else if (m_depth == 3 && inEntries()) {
      m_entry_open = true;
      m_fields = {};
      ++m_count;
    } else if (m_depth == 4 && m_entry_open) {
      setField(Field{Field::Type::Other});
    }
    return true;
  }
  bool key(json::string_t& k) {
    if (m_depth == 1) {
      m_key = k;
      if (m_key == "entries") m_entries_list = false;  // until its value proves a list
    } else if (m_depth == 3 && m_entry_open) {
      m_field = slot(k);
    }
    return true;
  }
  bool end_object() {
    if (m_depth == 3 && m_entry_open) {
      m_entry_open = false;
      if (!m_entry_error && m_count <= kMaxBatchEntries) {
        try {
          m_out.push_back(entry());
        } catch (const BadBody& e) {
          m_entry_error = e.what();
        }
      }
    }
    --m_depth;
    return true;
  }
  bool start_array(std::size_t) {
    ++m_depth;
    if (m_depth == 2 && m_key == "entries") {
      m_entries_list = true;
      m_in_list = true;
      m_count = 0;
      m_out.clear();
      m_entry_error.reset();
    } else if (m_depth == 3 && inEntries()) {
      noteNotObject();
    } else if (m_depth == 4 && m_entry_open) {
      setField(Field{Field::Type::Other});
    }
    return true;
  }
  bool end_array() {
    if (m_depth == 2) m_in_list = false;
    --m_depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  std::vector<db::WireEntry> result() {
    if (!m_top_object) throw BadBody("the body must be a JSON object");
    if (!m_entries_list) throw BadBody("'entries' must be a list");
    if (m_count > kMaxBatchEntries) throw BadBody("too many entries in one batch");
    if (m_entry_error) throw BadBody(*m_entry_error);
    return std::move(m_out);
  }

 private:
  enum Slot { kUuid, kKioskSeq, kVillager, kKind, kScore, kPoints, kReference, kDetail, kAt, kVoids, kHash, kSlots, kNone };
  static Slot slot(std::string_view k) {
    static constexpr std::string_view kNames[kSlots] = {"uuid", "kiosk_seq", "villager_id", "kind",
                                                        "score_delta", "points_delta", "reference",
                                                        "detail", "at_ms", "voids_uuid", "hash"};
    for (int i = 0; i < kSlots; ++i) {
      if (kNames[i] == k) return static_cast<Slot>(i);
    }
    return kNone;
  }
  bool inEntries() const noexcept { return m_in_list && m_depth == 3; }
  void noteNotObject() {
    ++m_count;
    if (!m_entry_error && m_count <= kMaxBatchEntries) m_entry_error = "each entry must be an object";
  }
  void setField(Field f) {
    if (m_field != kNone) m_fields[m_field] = std::move(f);
    m_field = kNone;
  }
  bool value(Field f) {
    if (m_depth == 0) return true;  // a scalar body: not an object
    if (m_depth == 1 && m_key == "entries") m_entries_list = false;
    if (m_depth == 2 && inList()) noteNotObject();
    if (m_depth == 3 && m_entry_open) setField(std::move(f));
    return true;
  }
  bool inList() const noexcept { return m_in_list; }

  const Field& at(Slot s) const { return m_fields[s]; }
  std::string text(Slot s, const char* key, std::size_t max_len) {
    Field& f = m_fields[s];
    if (f.type != Field::Type::Text) throw BadBody(std::string("'") + key + "' must be text");
    if (f.text.size() > max_len) throw BadBody(std::string("'") + key + "' is too long");
    return std::move(f.text);
  }
  std::int64_t int64(Slot s, const char* key, std::int64_t lo, std::int64_t hi) const {
    const Field& f = at(s);
    std::int64_t v = 0;
    if (f.type == Field::Type::Int) {
      v = f.i;
    } else if (f.type == Field::Type::UInt) {
      v = f.u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
              ? std::numeric_limits<std::int64_t>::min()
              : static_cast<std::int64_t>(f.u);
    } else {
      throw BadBody(std::string("'") + key + "' must be a whole number");
    }
    if (v < lo || v > hi) throw BadBody(std::string("'") + key + "' is out of range");
    return v;
  }
  int int32(Slot s, const char* key) const {
    return static_cast<int>(int64(s, key, std::numeric_limits<int>::min() / 2,
                                  std::numeric_limits<int>::max() / 2));
  }
  // Fields in the order the protocol lists them, each refused with its name.
  db::WireEntry entry() {
    db::WireEntry e;
    e.uuid = text(kUuid, "uuid", 64);
    if (!db::validEntryId(e.uuid)) throw BadBody("malformed entry uuid");
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    e.kiosk_seq = int64(kKioskSeq, "kiosk_seq", 1, kMax);
    e.villager_id = int64(kVillager, "villager_id", 1, kMax);
    const auto kind = core::entryKindFromString(text(kKind, "kind", 32));
    if (!kind) throw BadBody("unknown entry kind");
    e.kind = *kind;
    e.score_delta = int32(kScore, "score_delta");
    e.points_delta = int32(kPoints, "points_delta");
    e.reference = text(kReference, "reference", db::kMaxReference);
    e.detail = text(kDetail, "detail", db::kMaxDetail);
    e.at_ms = int64(kAt, "at_ms", 1, kMax);
    if (const auto t = at(kVoids).type; t != Field::Type::Missing && t != Field::Type::Null) {
      e.voids_uuid = text(kVoids, "voids_uuid", 64);
      if (!db::validEntryId(*e.voids_uuid)) throw BadBody("malformed voids_uuid");
    }
    const auto hash = db::hashFromHex(text(kHash, "hash", 64));
    if (!hash) throw BadBody("'hash' must be 64 lower-case hex digits");
    e.hash = *hash;
    return e;
  }

  int m_depth = 0;
  bool m_top_object = false;
  bool m_entries_list = false;
  bool m_in_list = false;
  bool m_entry_open = false;
  std::string m_key;
  Slot m_field = kNone;
  std::array<Field, kSlots> m_fields;
  std::size_t m_count = 0;
  std::optional<std::string> m_entry_error;
  std::vector<db::WireEntry> m_out;
};

}  // namespace

std::string encodePush(std::span<const db::WireEntry> entries) {
  // Written directly (no DOM), in the key order nlohmann's dump() used.
  std::string out;
  out.reserve(64 + entries.size() * 256);
  out += "{\"entries\":[";
  bool first = true;
  for (const auto& e : entries) {
    if (!first) out.push_back(',');
    first = false;
    out += "{\"at_ms\":";
    putInt(out, e.at_ms);
    out += ",\"detail\":";
    putJsonString(out, e.detail);
    out += ",\"hash\":\"";
    out += db::hashToHex(e.hash);
    out += "\",\"kind\":";
    putJsonString(out, core::toString(e.kind));
    out += ",\"kiosk_seq\":";
    putInt(out, e.kiosk_seq);
    out += ",\"points_delta\":";
    putInt(out, e.points_delta);
    out += ",\"reference\":";
    putJsonString(out, e.reference);
    out += ",\"score_delta\":";
    putInt(out, e.score_delta);
    out += ",\"uuid\":";
    putJsonString(out, e.uuid);
    out += ",\"villager_id\":";
    putInt(out, e.villager_id);
    out += ",\"voids_uuid\":";
    if (e.voids_uuid) {
      putJsonString(out, *e.voids_uuid);
    } else {
      out += "null";
    }
    out.push_back('}');
  }
  out += "]}";
  return out;
}

std::string encodePush(std::span<const db::WireEntry> entries,
                       std::span<const db::ServiceEvent> events) {
  std::string out = encodePush(entries);
  if (events.empty()) return out;
  json list = json::array();
  for (const auto& e : events) {
    list.push_back({{"uuid", e.uuid},
                    {"kind", db::toString(e.kind)},
                    {"subject", e.subject},
                    {"villager_id", e.villager_id},
                    {"booked_by", e.booked_by},
                    {"slot_id", e.slot_id},
                    {"station", core::toString(e.station)},
                    {"action", core::toString(e.action)},
                    {"staff", e.staff},
                    {"minutes", e.minutes},
                    {"points", e.points},
                    {"note", e.note},
                    {"ticket", e.ticket},
                    {"entry_kiosk_seq", e.entry_kiosk_seq},
                    {"at_ms", e.at_ms}});
  }
  out.pop_back();  // the closing brace
  out += ",\"service_events\":";
  out += list.dump();
  out += "}";
  return out;
}

Result<DecodedEvents, std::string> decodeServiceEvents(std::string_view body) {
  // Most pushes carry entries only: do not parse a large batch twice for nothing.
  if (body.find("\"service_events\"") == std::string_view::npos) {
    return DecodedEvents{};
  }
  return decoding<DecodedEvents>([&] {
    const json j = parseObject(body);
    DecodedEvents out;
    const auto it = j.find("service_events");
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) throw BadBody("'service_events' must be a list");
    if (it->size() > kMaxServiceEvents) throw BadBody("too many service events in one push");
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    auto text = [](const json& e, const char* key, std::size_t max_len) {
      auto t = textAt(e, key, max_len);
      if (!core::validUtf8(t)) throw BadBody(std::string("'") + key + "' is not UTF-8");
      return t;
    };
    // One event: throws BadBody naming what is wrong with it.
    auto one = [&](const json& e) {
      if (!e.is_object()) throw BadBody("each service event must be an object");
      db::ServiceEvent x;
      x.uuid = text(e, "uuid", 64);
      if (!db::validEntryId(x.uuid)) throw BadBody("malformed service event id");
      const auto kind = db::serviceEventKindFromString(textAt(e, "kind", 32));
      if (!kind) throw BadBody("unknown service event kind");
      x.kind = *kind;
      x.subject = text(e, "subject", 48);
      if (!db::validEntryId(x.subject, 48)) throw BadBody("malformed service event subject");
      x.villager_id = int64At(e, "villager_id", 1, kMax);
      x.booked_by = int64At(e, "booked_by", 0, kMax);
      x.slot_id = int64At(e, "slot_id", 0, kMax);
      const auto station = core::stationKindFromString(textAt(e, "station", 32));
      if (!station) throw BadBody("unknown station kind");
      x.station = *station;
      const auto action = core::orderActionFromString(textAt(e, "action", 16));
      if (!action) throw BadBody("unknown order action");
      x.action = *action;
      x.staff = boolAt(e, "staff");
      x.minutes = static_cast<int>(int64At(e, "minutes", 0, 600));
      x.points = static_cast<int>(int64At(e, "points", 0, core::kMaxKioskPoints));
      x.note = text(e, "note", db::kMaxReference);
      x.ticket = text(e, "ticket", 16);
      x.entry_kiosk_seq = int64At(e, "entry_kiosk_seq", 0, kMax);
      x.at_ms = int64At(e, "at_ms", 1, kMax);
      return x;
    };
    for (const auto& e : *it) {
      try {
        out.events.push_back(one(e));
      } catch (const BadBody& bad) {
        db::UnreadableEvent u;
        u.reason = bad.what();
        if (e.is_object()) {
          // What can be read of it names it on the staff's list.
          const auto id = e.find("uuid");
          if (id != e.end() && id->is_string()) {
            const auto& t = id->get_ref<const std::string&>();
            if (db::validEntryId(t)) u.uuid = t;
          }
          const auto v = e.find("villager_id");
          if (v != e.end() && v->is_number_integer() && v->get<std::int64_t>() > 0) {
            u.villager_id = v->get<std::int64_t>();
          }
        }
        out.unreadable.push_back(std::move(u));
      } catch (const json::exception& bad) {
        out.unreadable.push_back({"", 0, std::string("malformed event: ") + bad.what()});
      }
    }
    return out;
  });
}

std::string encodePush(std::span<const db::WireEntry> entries,
                       std::span<const db::ServiceEvent> events, const db::StaffWork& staff) {
  std::string out = encodePush(entries, events);
  if (staff.empty()) return out;
  out.pop_back();  // the closing brace
  if (!staff.movements.empty()) {
    json list = json::array();
    for (const auto& m : staff.movements) {
      list.push_back({{"uuid", m.uuid}, {"sku", m.sku}, {"delta", m.delta}, {"reason", m.reason},
                      {"note", m.note}, {"staff_name", m.staff_name}, {"at_ms", m.at_ms}});
    }
    out += ",\"stock_movements\":" + list.dump();
  }
  if (!staff.closes.empty()) {
    json list = json::array();
    for (const auto& c : staff.closes) {
      list.push_back({{"number", c.number}, {"day", c.day}, {"first_seq", c.first_seq},
                      {"last_seq", c.last_seq}, {"head_hash", db::hashToHex(c.head_hash)},
                      {"summary", c.summary}, {"staff_name", c.staff_name},
                      {"closed_at_ms", c.closed_at_ms}});
    }
    out += ",\"day_closes\":" + list.dump();
  }
  if (!staff.events.empty()) {
    json list = json::array();
    for (const auto& e : staff.events) {
      list.push_back({{"uuid", e.uuid}, {"kind", e.kind}, {"staff_name", e.staff_name},
                      {"card_uid", e.card_uid}, {"failures", e.failures},
                      {"until_ms", e.until_ms}, {"at_ms", e.at_ms}});
    }
    out += ",\"staff_events\":" + list.dump();
  }
  out += "}";
  return out;
}

namespace {

// Text of a staff item: capped and valid UTF-8.
std::string staffText(const json& e, const char* key, std::size_t max_len) {
  auto t = textAt(e, key, max_len);
  if (!core::validUtf8(t)) throw BadBody(std::string("'") + key + "' is not UTF-8");
  return t;
}

std::string staffNameAt(const json& e, bool may_be_empty) {
  auto t = staffText(e, "staff_name", 32);
  if (!(may_be_empty && t.empty()) && !core::validStaffName(t)) {
    throw BadBody("'staff_name' is not a staff name");
  }
  return t;
}

db::StockMovementWire movementFrom(const json& e) {
  if (!e.is_object()) throw BadBody("each stock movement must be an object");
  db::StockMovementWire m;
  m.uuid = staffText(e, "uuid", 64);
  if (!db::validEntryId(m.uuid)) throw BadBody("malformed stock movement id");
  m.sku = staffText(e, "sku", 32);
  if (m.sku.empty()) throw BadBody("'sku' is empty");
  m.delta = static_cast<int>(int64At(e, "delta", -100'000, 100'000));
  if (m.delta == 0) throw BadBody("'delta' is zero");
  m.reason = staffText(e, "reason", 16);
  if (m.reason != "receive" && m.reason != "count") throw BadBody("'reason' must be receive or count");
  m.note = staffText(e, "note", db::kMaxReference);
  m.staff_name = staffNameAt(e, false);
  m.at_ms = int64At(e, "at_ms", 1, std::numeric_limits<std::int64_t>::max());
  return m;
}

db::DayCloseRow closeFrom(const json& e) {
  if (!e.is_object()) throw BadBody("each day close must be an object");
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  db::DayCloseRow c;
  c.number = int64At(e, "number", 1, 1'000'000'000);
  c.day = staffText(e, "day", 10);
  if (!core::chinaDayStartMs(c.day)) throw BadBody("'day' must be YYYY-MM-DD");
  c.first_seq = int64At(e, "first_seq", 1, kMax);
  c.last_seq = int64At(e, "last_seq", 0, kMax);
  if (c.last_seq < c.first_seq - 1) throw BadBody("'last_seq' is before 'first_seq'");
  const auto hash = db::hashFromHex(staffText(e, "head_hash", 64));
  if (!hash) throw BadBody("'head_hash' must be 64 lower-case hex digits");
  c.head_hash = *hash;
  c.summary = staffText(e, "summary", 20'000);
  if (!core::parseDaySummary(c.summary)) throw BadBody("'summary' is not a day close summary");
  c.staff_name = staffNameAt(e, false);
  c.closed_at_ms = int64At(e, "closed_at_ms", 1, kMax);
  return c;
}

db::StaffEventRow staffEventFrom(const json& e) {
  if (!e.is_object()) throw BadBody("each staff event must be an object");
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  db::StaffEventRow x;
  x.uuid = staffText(e, "uuid", 64);
  if (!db::validEntryId(x.uuid)) throw BadBody("malformed staff event id");
  x.kind = staffText(e, "kind", 16);
  if (x.kind != "locked") throw BadBody("unknown staff event kind");
  x.staff_name = staffNameAt(e, true);
  x.card_uid = staffText(e, "card_uid", 64);
  if (x.card_uid.empty()) throw BadBody("'card_uid' is empty");
  for (const char ch : x.card_uid) {
    const auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u >= 0x7F) throw BadBody("'card_uid' must be printable ASCII");
  }
  x.failures = static_cast<int>(int64At(e, "failures", 0, 1'000'000));
  x.until_ms = int64At(e, "until_ms", 0, kMax);
  x.at_ms = int64At(e, "at_ms", 1, kMax);
  return x;
}

}  // namespace

Result<DecodedStaffWork, std::string> decodeStaffWork(std::string_view body) {
  // Most pushes carry entries only: do not parse a large batch twice for nothing.
  if (body.find("\"stock_movements\"") == std::string_view::npos &&
      body.find("\"day_closes\"") == std::string_view::npos &&
      body.find("\"staff_events\"") == std::string_view::npos) {
    return DecodedStaffWork{};
  }
  return decoding<DecodedStaffWork>([&] {
    const json j = parseObject(body);
    DecodedStaffWork out;
    // Each key: a list of at most `cap` items; each item read on its own.
    auto each = [&](const char* key, std::size_t cap, const char* what, auto&& read) {
      const auto it = j.find(key);
      if (it == j.end() || it->is_null()) return;
      if (!it->is_array()) throw BadBody(std::string("'") + key + "' must be a list");
      if (it->size() > cap) throw BadBody(std::string("too many ") + key + " in one push");
      for (const auto& e : *it) {
        try {
          read(e);
        } catch (const std::exception& bad) {  // BadBody or a json type error
          db::UnreadableStaffItem u;
          u.what = what;
          u.reason = bad.what();
          if (e.is_object()) {
            // What can be read of it names it on the staff's list.
            if (const auto id = e.find("uuid"); id != e.end() && id->is_string() &&
                                                db::validEntryId(id->get_ref<const std::string&>())) {
              u.id = id->get<std::string>();
            } else if (const auto n = e.find("number");
                       n != e.end() && n->is_number_integer() && n->get<std::int64_t>() > 0 &&
                       n->get<std::int64_t>() < 1'000'000'000) {
              u.id = core::dayCloseNumber(n->get<std::int64_t>());
            }
          }
          out.unreadable.push_back(std::move(u));
        }
      }
    };
    each("stock_movements", kMaxStockMovements, "movement",
         [&](const json& e) { out.work.movements.push_back(movementFrom(e)); });
    each("day_closes", kMaxDayCloses, "close",
         [&](const json& e) { out.work.closes.push_back(closeFrom(e)); });
    each("staff_events", kMaxStaffEvents, "event",
         [&](const json& e) { out.work.events.push_back(staffEventFrom(e)); });
    return out;
  });
}

Result<std::vector<db::WireEntry>, std::string> decodePush(std::string_view body) {
  return decoding<std::vector<db::WireEntry>>([&] {
    PushSax sax;
    if (!json::sax_parse(body.begin(), body.end(), &sax)) throw BadBody("the body is not valid JSON");
    return sax.result();
  });
}

std::string encodePushReply(const PushReply& r) {
  return json{{"held", r.held}, {"applied", r.applied}, {"duplicates", r.duplicates}}.dump();
}

Result<PushReply, std::string> decodePushReply(std::string_view body) {
  return decoding<PushReply>([&] {
    const json j = parseObject(body);
    return PushReply{int64At(j, "held", 0, std::numeric_limits<std::int64_t>::max()),
                     intAt(j, "applied"), intAt(j, "duplicates")};
  });
}

// ---- pull ----------------------------------------------------------------------------------

std::string encodePullRequest(const db::PullCursor& c) {
  return json{{"cursor", {{"entries", c.entries}, {"changes", c.changes}}}}.dump();
}

namespace {
db::PullCursor cursorFrom(const json& j) {
  const auto it = j.find("cursor");
  if (it == j.end() || !it->is_object()) throw BadBody("'cursor' must be an object");
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return {int64At(*it, "entries", 0, kMax), int64At(*it, "changes", 0, kMax)};
}
}  // namespace

Result<db::PullCursor, std::string> decodePullRequest(std::string_view body) {
  return decoding<db::PullCursor>([&] { return cursorFrom(parseObject(body)); });
}

namespace {

// A pull page written row by row: each row is a small object dumped at once, so a page of
// thousands of rows never exists as one tree. (A first pull of the demo village is 1.4 MB; as
// one tree it cost several times that, and 30 kiosks' first pulls at once took the office
// server from 85 to 236 MiB.) Keys come out in the order written; readers go by name.
class PageWriter {
 public:
  void value(std::string_view key, const json& v) {
    name(key);
    m_out += v.dump();
  }
  template <class Rows, class Row>
  void rows(std::string_view key, const Rows& rows, Row&& row) {
    name(key);
    m_out += '[';
    bool first = true;
    for (const auto& r : rows) {
      if (!first) m_out += ',';
      first = false;
      m_out += row(r).dump();
    }
    m_out += ']';
  }
  std::string finish() && {
    m_out += '}';
    return std::move(m_out);
  }

 private:
  void name(std::string_view key) {
    m_out += m_out.size() > 1 ? ",\"" : "\"";  // keys are our own plain ASCII words
    m_out += key;
    m_out += "\":";
  }
  std::string m_out = "{";
};

}  // namespace

std::string encodePullPage(const db::PullPage& p) {
  PageWriter w;
  w.value("cursor", {{"entries", p.next.entries}, {"changes", p.next.changes}});
  w.value("more", p.more);
  w.value("kiosk_seq_included", p.kiosk_seq_included);
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  w.rows("grids", p.grids, [&](const auto& g) -> json {
    return {{"id", g.id}, {"name", g.name}, {"collector_id", opt(g.collector_id)}};
  });
  w.rows("households", p.households, [&](const auto& h) -> json {
    return {{"id", h.id}, {"grid_id", h.grid_id}, {"address", h.address},
            {"head_id", opt(h.head_id)}, {"relief", h.relief}};
  });
  w.rows("villagers", p.villagers, [](const auto& v) -> json {
    return {{"id", v.id}, {"household_id", v.household_id}, {"name", v.name},
            {"gender", std::string(1, v.gender)}, {"birth_year", v.birth_year},
            {"party_member", v.party_member}, {"committee", v.committee}};
  });
  w.rows("cards", p.cards, [&](const auto& c) -> json {
    return {{"uid", c.uid}, {"villager_id", c.villager_id}, {"kind", c.kind},
            {"issued_at_ms", c.issued_at_ms}, {"revoked_at_ms", opt(c.revoked_at_ms)}};
  });
  w.rows("balances", p.balances, [](const auto& b) -> json {
    return {{"villager_id", b.villager_id}, {"score", b.score}, {"points", b.points}};
  });
  w.rows("products", p.products, [](const auto& x) -> json {
    return {{"sku", x.sku}, {"barcode", x.barcode}, {"name", x.name},
            {"category", x.category}, {"price_points", x.price_points}, {"stock", x.stock},
            {"per_order_limit", x.per_order_limit}, {"requires_welfare", x.requires_welfare},
            {"active", x.active}};
  });
  w.rows("pictures", p.pictures, [](const auto& x) -> json {
    if (x.bytes) return {{"sku", x.sku}, {"sha256", x.sha256}, {"data", toBase64(*x.bytes)}};
    return {{"sku", x.sku}, {"removed", true}};
  });
  w.rows("stations", p.stations, [](const auto& s) -> json {
    return {{"id", s.id}, {"kind", core::toString(s.kind)}, {"name", s.name}};
  });
  w.rows("slots", p.slots, [](const auto& s) -> json {
    return {{"id", s.id}, {"station", core::toString(s.station)}, {"start_ms", s.start_ms},
            {"capacity", s.capacity}, {"booked", s.booked}, {"points_cost", s.points_cost}};
  });
  w.rows("bookings", p.bookings, [](const auto& b) -> json {
    return {{"uuid", b.uuid}, {"ticket", b.ticket}, {"slot_id", b.slot_id},
            {"villager_id", b.villager_id}, {"booked_by", b.booked_by}, {"points", b.points},
            {"state", b.state}, {"created_at_ms", b.created_at_ms}};
  });
  w.rows("orders", p.orders, [](const auto& o) -> json {
    return {{"uuid", o.uuid}, {"ticket", o.ticket}, {"station", core::toString(o.station)},
            {"state", core::toString(o.state)}, {"requester", o.requester},
            {"claimer", o.claimer}, {"booked_by", o.booked_by}, {"note", o.note},
            {"minutes", o.minutes}, {"points", o.points},
            {"requested_at_ms", o.requested_at_ms}, {"updated_at_ms", o.updated_at_ms}};
  });
  w.rows("notices", p.notices, [](const auto& n) -> json {
    return {{"id", n.id}, {"kind", n.kind}, {"villager_id", n.villager_id},
            {"station", core::toString(n.station)}, {"about_ms", n.about_ms},
            {"points_refunded", n.points_refunded}, {"other_name", n.other_name}};
  });
  w.value("volunteers", p.volunteers);
  w.rows("history", p.history, [](const auto& h) -> json {
    return {{"uuid", h.uuid}, {"villager_id", h.villager_id},
            {"kind", core::toString(h.kind)}, {"score_delta", h.score_delta},
            {"points_delta", h.points_delta}, {"at_ms", h.at_ms}, {"what", h.what},
            {"evidence", h.evidence}, {"month", h.month}, {"minutes", h.minutes}};
  });
  w.rows("staff", p.staff, [](const auto& m) -> json {
    return {{"id", m.id}, {"name", m.name}, {"card_uid", m.card_uid},
            {"role", core::toString(m.role)}, {"pin_hash", m.pin_hash},
            {"disabled", m.disabled}};
  });
  if (p.boards) {
    const auto& b = *p.boards;
    auto lines = [](const std::vector<db::BoardLineRow>& rows) {
      json out = json::array();
      for (const auto& r : rows) {
        out.push_back({{"villager_id", r.villager_id}, {"name", r.name}, {"score", r.score},
                       {"rank", r.rank}, {"paired_name", r.paired_name}});
      }
      return out;
    };
    json boards = {{"month", b.month.toString()},
                   {"party", lines(b.party)},
                   {"commended", lines(b.commended)},
                   {"yellow_cards", lines(b.yellow_cards)},
                   {"volunteer_minutes", b.volunteer_minutes},
                   {"volunteer_sessions", b.volunteer_sessions}};
    if (!b.recruiting.empty()) {
      boards["recruiting"] = {{"month", b.recruiting_month.toString()}, {"teams", b.recruiting}};
    }
    w.value("boards", boards);
  } else {
    w.value("boards", nullptr);
  }
  w.value("card_public_key", p.card_public_key ? json(*p.card_public_key) : json(nullptr));
  return std::move(w).finish();
}

Result<db::PullPage, std::string> decodePullPage(std::string_view body) {
  return decoding<db::PullPage>([&] {
    const json j = parseObject(body);
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    db::PullPage p;
    p.next = cursorFrom(j);
    p.more = boolAt(j, "more");
    p.kiosk_seq_included = int64At(j, "kiosk_seq_included", 0, kMax);
    for (const auto& g : arrayAt(j, "grids")) {
      p.grids.push_back({int64At(g, "id", 1, kMax), textAt(g, "name", 200),
                         optional<std::int64_t>(g, "collector_id")});
    }
    for (const auto& h : arrayAt(j, "households")) {
      db::Household x;
      x.id = int64At(h, "id", 1, kMax);
      x.grid_id = int64At(h, "grid_id", 1, kMax);
      x.address = textAt(h, "address", 200);
      x.head_id = optional<std::int64_t>(h, "head_id");
      x.relief = boolAt(h, "relief");
      p.households.push_back(std::move(x));
    }
    for (const auto& v : arrayAt(j, "villagers")) {
      db::Villager x;
      x.id = int64At(v, "id", 1, kMax);
      x.household_id = int64At(v, "household_id", 1, kMax);
      x.name = textAt(v, "name", 64);
      const auto g = textAt(v, "gender", 1);
      if (g != "F" && g != "M") throw BadBody("'gender' must be F or M");
      x.gender = g[0];
      x.birth_year = intAt(v, "birth_year");
      x.party_member = boolAt(v, "party_member");
      x.committee = boolAt(v, "committee");
      p.villagers.push_back(std::move(x));
    }
    for (const auto& c : arrayAt(j, "cards")) {
      p.cards.push_back({textAt(c, "uid", 128), int64At(c, "villager_id", 1, kMax),
                         textAt(c, "kind", 16), int64At(c, "issued_at_ms", 0, kMax),
                         optional<std::int64_t>(c, "revoked_at_ms")});
    }
    for (const auto& b : arrayAt(j, "balances")) {
      p.balances.push_back({int64At(b, "villager_id", 1, kMax), intAt(b, "score"),
                            intAt(b, "points"), 0});
    }
    for (const auto& x : arrayAt(j, "products")) {
      core::Product pr;
      pr.sku = textAt(x, "sku", 32);
      pr.barcode = textAt(x, "barcode", 64);
      pr.name = textAt(x, "name", 200);
      pr.category = textAt(x, "category", 64);
      pr.price_points = intAt(x, "price_points");
      pr.stock = intAt(x, "stock");
      pr.per_order_limit = intAt(x, "per_order_limit");
      pr.requires_welfare = boolAt(x, "requires_welfare");
      pr.active = boolAt(x, "active");
      p.products.push_back(std::move(pr));
    }
    for (const auto& s : arrayAt(j, "stations")) {
      const auto kind = core::stationKindFromString(textAt(s, "kind", 32));
      if (!kind) throw BadBody("unknown station kind");
      p.stations.push_back({int64At(s, "id", 1, kMax), *kind, textAt(s, "name", 200)});
    }
    for (const auto& s : arrayAt(j, "slots")) {
      const auto kind = core::stationKindFromString(textAt(s, "station", 32));
      if (!kind) throw BadBody("unknown station kind");
      core::Slot x;
      x.id = int64At(s, "id", 1, kMax);
      x.station = *kind;
      x.start_ms = int64At(s, "start_ms", 0, kMax);
      x.capacity = intAt(s, "capacity");
      x.booked = intAt(s, "booked");
      x.points_cost = intAt(s, "points_cost");
      p.slots.push_back(x);
    }
    // The service hub's rows; absent from an office that predates them.
    auto list = [&](const char* key) -> const json* {
      const auto it = j.find(key);
      if (it == j.end() || it->is_null()) return nullptr;
      if (!it->is_array()) throw BadBody(std::string("'") + key + "' must be a list");
      return &*it;
    };
    // Product pictures (absent from an office that predates them): at most
    // kMaxPicturesPerPage, each base64 of at most kMaxPictureBytes; set or removed.
    if (const json* rows = list("pictures")) {
      if (rows->size() > db::kMaxPicturesPerPage) throw BadBody("too many pictures in one page");
      for (const auto& x : *rows) {
        db::PulledPicture pic;
        pic.sku = textAt(x, "sku", 32);
        if (const auto it = x.find("removed"); it != x.end() && it->is_boolean() && it->get<bool>()) {
          p.pictures.push_back(std::move(pic));
          continue;
        }
        pic.sha256 = textAt(x, "sha256", 64);
        if (!db::hashFromHex(pic.sha256)) throw BadBody("'sha256' must be 64 hex digits");
        pic.bytes = fromBase64(textAt(x, "data", kMaxPictureBase64), kMaxPictureBase64);
        if (!pic.bytes || pic.bytes->empty() || pic.bytes->size() > db::kMaxPictureBytes) {
          throw BadBody("'data' must be base64 of a picture of at most 256 KiB");
        }
        p.pictures.push_back(std::move(pic));
      }
    }
    if (const json* rows = list("bookings")) {
      for (const auto& b : *rows) {
        db::PulledBooking x;
        x.uuid = textAt(b, "uuid", 64);
        x.ticket = textAt(b, "ticket", 16);
        x.slot_id = int64At(b, "slot_id", 1, kMax);
        x.villager_id = int64At(b, "villager_id", 1, kMax);
        x.booked_by = int64At(b, "booked_by", 0, kMax);
        x.points = intAt(b, "points");
        x.state = textAt(b, "state", 16);
        if (x.state != "booked" && x.state != "cancelled" && x.state != "refused") {
          throw BadBody("unknown booking state");
        }
        x.created_at_ms = int64At(b, "created_at_ms", 0, kMax);
        p.bookings.push_back(std::move(x));
      }
    }
    if (const json* rows = list("orders")) {
      for (const auto& o : *rows) {
        db::PulledOrder x;
        x.uuid = textAt(o, "uuid", 64);
        x.ticket = textAt(o, "ticket", 16);
        const auto station = core::stationKindFromString(textAt(o, "station", 32));
        const auto state = core::orderStateFromString(textAt(o, "state", 16));
        if (!station || !state) throw BadBody("unknown station or order state");
        x.station = *station;
        x.state = *state;
        x.requester = int64At(o, "requester", 1, kMax);
        x.claimer = int64At(o, "claimer", 0, kMax);
        x.booked_by = int64At(o, "booked_by", 0, kMax);
        x.note = textAt(o, "note", db::kMaxReference);
        x.minutes = intAt(o, "minutes");
        x.points = intAt(o, "points");
        x.requested_at_ms = int64At(o, "requested_at_ms", 0, kMax);
        x.updated_at_ms = int64At(o, "updated_at_ms", 0, kMax);
        p.orders.push_back(std::move(x));
      }
    }
    if (const json* rows = list("notices")) {
      for (const auto& n : *rows) {
        db::PulledNotice x;
        x.id = textAt(n, "id", 80);
        x.kind = textAt(n, "kind", 32);
        if (x.kind != "booking_refused" && x.kind != "claim_lost") throw BadBody("unknown notice kind");
        x.villager_id = int64At(n, "villager_id", 1, kMax);
        const auto station = core::stationKindFromString(textAt(n, "station", 32));
        if (!station) throw BadBody("unknown station kind");
        x.station = *station;
        x.about_ms = int64At(n, "about_ms", 0, kMax);
        x.points_refunded = intAt(n, "points_refunded");
        x.other_name = textAt(n, "other_name", 64);
        p.notices.push_back(std::move(x));
      }
    }
    if (const json* rows = list("volunteers")) {
      for (const auto& v : *rows) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1) throw BadBody("'volunteers' holds villager ids");
        p.volunteers.push_back(v.get<std::int64_t>());
      }
    }
    if (const json* rows = list("history")) {
      for (const auto& h : *rows) {
        db::PulledHistory x;
        x.uuid = textAt(h, "uuid", 64);
        if (x.uuid.empty()) throw BadBody("'uuid' is empty");
        x.villager_id = int64At(h, "villager_id", 1, kMax);
        const auto kind = core::entryKindFromString(textAt(h, "kind", 32));
        if (!kind) throw BadBody("unknown entry kind");
        x.kind = *kind;
        x.score_delta = intAt(h, "score_delta");
        x.points_delta = intAt(h, "points_delta");
        x.at_ms = int64At(h, "at_ms", 0, kMax);
        x.what = textAt(h, "what", db::kMaxHistoryTextBytes);
        x.evidence = textAt(h, "evidence", db::kMaxHistoryTextBytes);
        x.month = textAt(h, "month", 7);
        if (!x.month.empty() && !core::YearMonth::parse(x.month)) throw BadBody("'month' is not YYYY-MM");
        x.minutes = intAt(h, "minutes");
        if (x.minutes < 0 || x.minutes > 24 * 60) throw BadBody("'minutes' out of range");
        p.history.push_back(std::move(x));
      }
    }
    if (const json* rows = list("staff")) {
      for (const auto& m : *rows) {
        db::StaffMember x;
        x.id = int64At(m, "id", 1, kMax);
        x.name = textAt(m, "name", 32);
        if (!core::validStaffName(x.name)) throw BadBody("'name' is not a staff name");
        x.card_uid = textAt(m, "card_uid", 64);
        if (x.card_uid.empty()) throw BadBody("'card_uid' is empty");
        const auto role = core::staffRoleFromString(textAt(m, "role", 16));
        if (!role) throw BadBody("unknown staff role");
        x.role = *role;
        x.pin_hash = textAt(m, "pin_hash", 256);
        x.disabled = boolAt(m, "disabled");
        p.staff.push_back(std::move(x));
      }
    }
    // Absent (an office from before boards were sent) or null: no boards in this page.
    if (const auto it = j.find("boards"); it != j.end() && !it->is_null()) {
      if (!it->is_object()) throw BadBody("'boards' must be an object or null");
      const json& bj = *it;
      db::PulledBoards b;
      const auto month = core::YearMonth::parse(textAt(bj, "month", 7));
      if (!month) throw BadBody("'month' must be YYYY-MM");
      b.month = *month;
      auto lines = [&](const char* key) {
        std::vector<db::BoardLineRow> out;
        const json& rows = arrayAt(bj, key);
        // A board is at most the party members or the village's top and bottom ten with ties.
        if (rows.size() > 5000) throw BadBody(std::string("'") + key + "' is too long");
        for (const auto& r : rows) {
          out.push_back({int64At(r, "villager_id", 1, kMax), textAt(r, "name", 64),
                         intAt(r, "score"), intAt(r, "rank"), textAt(r, "paired_name", 64)});
        }
        return out;
      };
      b.party = lines("party");
      b.commended = lines("commended");
      b.yellow_cards = lines("yellow_cards");
      b.volunteer_minutes = intAt(bj, "volunteer_minutes");
      b.volunteer_sessions = intAt(bj, "volunteer_sessions");
      // Absent (an office from before teams recruited): none.
      if (const auto rec = bj.find("recruiting"); rec != bj.end()) {
        if (!rec->is_object()) throw BadBody("'recruiting' must be an object");
        const auto rm = core::YearMonth::parse(textAt(*rec, "month", 7));
        if (!rm) throw BadBody("'recruiting' 'month' must be YYYY-MM");
        b.recruiting_month = *rm;
        const json& teams = arrayAt(*rec, "teams");
        if (teams.size() > db::kMaxRecruiting) throw BadBody("'recruiting' has too many teams");
        for (const auto& t : teams) {
          if (!t.is_string()) throw BadBody("'recruiting' 'teams' holds names");
          auto name = t.get<std::string>();
          if (name.empty() || name.size() > db::kMaxTeamName || !core::validUtf8(name)) {
            throw BadBody("'recruiting' holds a team name that is empty, too long or not UTF-8");
          }
          b.recruiting.push_back(std::move(name));
        }
      }
      p.boards = std::move(b);
    }
    // Absent (an office from before card tokens) or null: the office has no card key yet.
    if (const auto it = j.find("card_public_key"); it != j.end() && !it->is_null()) {
      auto text = textAt(j, "card_public_key", 64);
      const auto key = fromBase64(text);
      if (!key || key->size() != 32) throw BadBody("'card_public_key' must be base64 of 32 bytes");
      p.card_public_key = std::move(text);
    }
    return p;
  });
}

// ---- errors --------------------------------------------------------------------------------

std::string encodeError(std::string_view code, std::string_view reason,
                        std::optional<std::int64_t> held) {
  json j = {{"error", code}, {"reason", reason}};
  if (held) j["held"] = *held;
  return j.dump();
}

std::optional<ErrorReply> decodeError(std::string_view body) {
  auto r = decoding<ErrorReply>([&] {
    const json j = parseObject(body);
    ErrorReply e;
    e.error = textAt(j, "error", 64);
    e.reason = textAt(j, "reason", 1000);
    if (j.contains("held")) e.held = int64At(j, "held", 0, std::numeric_limits<std::int64_t>::max());
    return e;
  });
  if (!r) return std::nullopt;
  return std::move(r).value();
}

}  // namespace rc::sync
