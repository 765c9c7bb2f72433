#include "db/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace rc::db {
namespace {

struct MdFree {
  void operator()(EVP_MD* md) const noexcept { EVP_MD_free(md); }
};

// Fetched once: fetching per digest costs more than hashing a ledger entry.
const EVP_MD* sha256Md() {
  static const std::unique_ptr<EVP_MD, MdFree> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!md) throw std::runtime_error("libcrypto has no SHA-256");
  return md.get();
}

}  // namespace

void Sha256::CtxFree::operator()(void* ctx) const noexcept {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx));
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
  if (!m_ctx) throw std::runtime_error("libcrypto cannot allocate a digest context");
  (void)sha256Md();
}

Sha256& Sha256::local() {
  thread_local Sha256 sha;
  return sha;
}

std::array<std::uint8_t, 32> Sha256::digest(std::span<const std::uint8_t> bytes) {
  auto* ctx = static_cast<EVP_MD_CTX*>(m_ctx.get());
  std::array<std::uint8_t, 32> out{};
  unsigned int len = 0;
  if (EVP_DigestInit_ex2(ctx, sha256Md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != out.size()) {
    throw std::runtime_error("libcrypto failed to compute SHA-256");
  }
  return out;
}

}  // namespace rc::db
