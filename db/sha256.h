#pragma once
// SHA-256 for the ledger's hash chain, through OpenSSL's libcrypto (which uses the CPU's SHA
// extensions where present; libsodium's SHA-256 is portable C and several times slower). The
// digest is plain SHA-256, so hashes are the same whichever library computes them.
// Ownership: each Sha256 owns one EVP_MD_CTX. Thread-safety: one Sha256 per thread
// (Sha256::local() gives the calling thread its own).

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace rc::db {

class Sha256 {
 public:
  Sha256();
  // The calling thread's instance.
  static Sha256& local();

  std::array<std::uint8_t, 32> digest(std::span<const std::uint8_t> bytes);

 private:
  struct CtxFree {
    void operator()(void* ctx) const noexcept;
  };
  std::unique_ptr<void, CtxFree> m_ctx;  // EVP_MD_CTX, kept opaque so callers need no OpenSSL
};

}  // namespace rc::db
