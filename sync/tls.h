#pragma once
// TLS between the kiosks and the office (docs/sync-protocol.md, "Transport"). The office is
// its own authority: it creates a key and a self-signed certificate for itself on first use,
// and a kiosk trusts exactly the certificate it was enrolled with, by the SHA-256 of that
// certificate (its fingerprint), whatever name, issuer or dates it carries. So no CA, no host
// names and no renewals are involved, and an impostor on the LAN cannot answer for the office.
// Pure functions and file I/O at start-up; CertificatePin is thread-safe.

#include <openssl/types.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace rc::sync::tls {

struct X509Free {
  void operator()(X509* x) const noexcept;
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const noexcept;
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Where the office keeps its key and certificate: beside its ledger, `<ledger>.tls-key.pem`
// (the private key, 0600) and `<ledger>.tls-cert.pem` (the certificate), so a copy of the
// office's folder is a whole office.
struct OfficeCertificateFiles {
  std::string key_path;
  std::string cert_path;
};
OfficeCertificateFiles officeCertificateFiles(const std::string& ledger_path);

struct OfficeCertificate {
  X509Ptr cert;
  PkeyPtr key;
  std::string sha256;  // the certificate's fingerprint: 64 lower-case hex digits
  bool created = false;  // made just now (neither file existed)
};

// Loads the office's key and certificate; when neither file exists, creates them: an EC P-256
// key and a self-signed certificate valid for 100 years (kiosks check only the fingerprint, so
// it never needs renewing). Both files are written 0600 whatever the umask, and in full before
// they take their names. Error: a plain sentence naming the file (never key material).
Result<OfficeCertificate, std::string> loadOrCreateOfficeCertificate(
    const OfficeCertificateFiles& files);

std::string sha256Of(X509* cert);  // 64 lower-case hex digits
Result<std::string, std::string> sha256OfPem(std::string_view cert_pem);

// A fingerprint as people copy it: 64 hex digits in either case, or 32 pairs separated by
// colons as `openssl x509 -fingerprint -sha256` prints them. nullopt when it is not one.
std::optional<std::string> normalizeSha256(std::string_view text);

// Both ends speak TLS 1.2 or later.
void requireModernTls(SSL_CTX* ctx);

// OpenSSL writes to its sockets with write(), so a peer that hung up mid-answer raises SIGPIPE,
// whose default action ends the process (a kiosk, or the office's server). The office's server
// and the kiosk's client call this, once per process: such a write then fails with EPIPE and
// the connection ends as a network failure.
void ignoreBrokenPipes();

// Pins a client context to one certificate: every connection made from it verifies the
// server's leaf certificate by its SHA-256 and by nothing else (no CA, no host name), and a
// handshake with any other certificate fails before a byte of the request is sent. After a
// failed connection, mismatch() tells a wrong certificate (and whose) from a network failure.
// install() keeps a pointer to this object in the context: the pin must outlive the context's
// connections. Thread-safe.
class CertificatePin {
 public:
  // `sha256`: 64 hex digits (normalizeSha256); throws std::invalid_argument otherwise.
  explicit CertificatePin(std::string_view sha256);
  CertificatePin(const CertificatePin&) = delete;
  CertificatePin& operator=(const CertificatePin&) = delete;

  void install(SSL_CTX* ctx);
  // The fingerprint of the certificate last refused since clear(); nullopt if none was.
  std::optional<std::string> mismatch() const;
  // Before a connection: forgets the last refusal (and the calling thread's OpenSSL errors).
  void clear();

 private:
  static int verify(X509_STORE_CTX* store, void* self);

  std::array<unsigned char, 32> m_pin{};
  mutable std::mutex m_mutex;
  std::optional<std::string> m_refused;
};

}  // namespace rc::sync::tls
