// Signing and the JSON bodies. Section index: keys · signing · entries · push · pull · errors
#include "sync/protocol.h"

#include <sodium.h>

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

PublicKey publicKeyOf(const SecretKey& secret) {
  PublicKey pk{};
  crypto_sign_ed25519_sk_to_pk(pk.data(), secret.data());
  return pk;
}

std::string toBase64(std::span<const std::uint8_t> bytes) {
  const auto variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text) {
  if (text.size() > 4096) return std::nullopt;
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
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(body.data()),
                     body.size());
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
    case AuthError::BadSignature: return "bad signature";
    case AuthError::StaleTimestamp: return "stale timestamp";
    case AuthError::ReplayedNonce: return "replayed nonce";
  }
  return "unknown";
}

bool signatureValid(const PublicKey& key, std::string_view method, std::string_view path,
                    std::string_view body, const SignedHeaders& h) {
  const auto sig = fromBase64(h.signature);
  if (!sig || sig->size() != crypto_sign_BYTES) return false;
  const auto text = canonicalRequest(method, path, body, h.timestamp, h.nonce);
  return crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size(), key.data()) == 0;
}

// ---- entries -------------------------------------------------------------------------------

namespace {

json entryJson(const db::WireEntry& e) {
  json j = {{"uuid", e.uuid},
            {"kiosk_seq", e.kiosk_seq},
            {"villager_id", e.villager_id},
            {"kind", core::toString(e.kind)},
            {"score_delta", e.score_delta},
            {"points_delta", e.points_delta},
            {"reference", e.reference},
            {"detail", e.detail},
            {"at_ms", e.at_ms}};
  j["voids_uuid"] = e.voids_uuid ? json(*e.voids_uuid) : json(nullptr);
  return j;
}

db::WireEntry entryFrom(const json& j) {
  if (!j.is_object()) throw BadBody("each entry must be an object");
  db::WireEntry e;
  e.uuid = textAt(j, "uuid", 64);
  if (!db::validEntryId(e.uuid)) throw BadBody("malformed entry uuid");
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  e.kiosk_seq = int64At(j, "kiosk_seq", 1, kMax);
  e.villager_id = int64At(j, "villager_id", 1, kMax);
  const auto kind = core::entryKindFromString(textAt(j, "kind", 32));
  if (!kind) throw BadBody("unknown entry kind");
  e.kind = *kind;
  e.score_delta = intAt(j, "score_delta");
  e.points_delta = intAt(j, "points_delta");
  e.reference = textAt(j, "reference", db::kMaxReference);
  e.detail = textAt(j, "detail", db::kMaxDetail);
  e.at_ms = int64At(j, "at_ms", 1, kMax);
  if (const auto it = j.find("voids_uuid"); it != j.end() && !it->is_null()) {
    e.voids_uuid = textAt(j, "voids_uuid", 64);
    if (!db::validEntryId(*e.voids_uuid)) throw BadBody("malformed voids_uuid");
  }
  return e;
}

}  // namespace

// ---- push ----------------------------------------------------------------------------------

std::string encodePush(std::span<const db::WireEntry> entries) {
  json list = json::array();
  for (const auto& e : entries) list.push_back(entryJson(e));
  return json{{"entries", std::move(list)}}.dump();
}

Result<std::vector<db::WireEntry>, std::string> decodePush(std::string_view body) {
  return decoding<std::vector<db::WireEntry>>([&] {
    const json j = parseObject(body);
    const json& list = arrayAt(j, "entries");
    if (list.size() > kMaxBatchEntries) throw BadBody("too many entries in one batch");
    std::vector<db::WireEntry> out;
    out.reserve(list.size());
    for (const auto& e : list) out.push_back(entryFrom(e));
    return out;
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

std::string encodePullPage(const db::PullPage& p) {
  json j;
  j["cursor"] = {{"entries", p.next.entries}, {"changes", p.next.changes}};
  j["more"] = p.more;
  j["kiosk_seq_included"] = p.kiosk_seq_included;
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  json& grids = j["grids"] = json::array();
  for (const auto& g : p.grids) grids.push_back({{"id", g.id}, {"name", g.name}, {"collector_id", opt(g.collector_id)}});
  json& hh = j["households"] = json::array();
  for (const auto& h : p.households) {
    hh.push_back({{"id", h.id}, {"grid_id", h.grid_id}, {"address", h.address},
                  {"head_id", opt(h.head_id)}, {"relief", h.relief}});
  }
  json& vs = j["villagers"] = json::array();
  for (const auto& v : p.villagers) {
    vs.push_back({{"id", v.id}, {"household_id", v.household_id}, {"name", v.name},
                  {"gender", std::string(1, v.gender)}, {"birth_year", v.birth_year},
                  {"party_member", v.party_member}, {"committee", v.committee}});
  }
  json& cs = j["cards"] = json::array();
  for (const auto& c : p.cards) {
    cs.push_back({{"uid", c.uid}, {"villager_id", c.villager_id}, {"kind", c.kind},
                  {"issued_at_ms", c.issued_at_ms}, {"revoked_at_ms", opt(c.revoked_at_ms)}});
  }
  json& bs = j["balances"] = json::array();
  for (const auto& b : p.balances) {
    bs.push_back({{"villager_id", b.villager_id}, {"score", b.score}, {"points", b.points}});
  }
  json& ps = j["products"] = json::array();
  for (const auto& x : p.products) {
    ps.push_back({{"sku", x.sku}, {"barcode", x.barcode}, {"name", x.name},
                  {"category", x.category}, {"price_points", x.price_points}, {"stock", x.stock},
                  {"per_order_limit", x.per_order_limit}, {"requires_welfare", x.requires_welfare},
                  {"active", x.active}});
  }
  json& ss = j["stations"] = json::array();
  for (const auto& s : p.stations) {
    ss.push_back({{"id", s.id}, {"kind", core::toString(s.kind)}, {"name", s.name}});
  }
  json& sl = j["slots"] = json::array();
  for (const auto& s : p.slots) {
    sl.push_back({{"id", s.id}, {"station", core::toString(s.station)}, {"start_ms", s.start_ms},
                  {"capacity", s.capacity}, {"booked", s.booked}, {"points_cost", s.points_cost}});
  }
  return j.dump();
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
