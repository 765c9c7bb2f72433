// The office's key and certificate, fingerprints, and the kiosk's pinned client context.
#include "sync/tls.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include "sync/private_file.h"

namespace rc::sync::tls {
namespace {

constexpr long kValidityDays = 100 * 365;
constexpr std::size_t kMaxPemBytes = 64 * 1024;

struct BioFree {
  void operator()(BIO* b) const noexcept { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct BnFree {
  void operator()(BIGNUM* b) const noexcept { BN_free(b); }
};

// Wipes a string that held key material before its memory is given back.
struct Wiped {
  std::string text;
  Wiped() = default;
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  }
};

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 0xF];
  }
  return s;
}

// Never key material: OpenSSL's reason strings name what failed, not what was in the file.
std::string openSslReason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown reason";
  const char* r = ERR_reason_error_string(e);
  return r ? r : "unknown reason";
}

bool fileExists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

Result<bool, std::string> readFile(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return err("cannot read " + path + ": " + std::strerror(errno));
  out.reserve(kMaxPemBytes + 4096);  // no reallocation leaves a copy of a key behind
  char buf[4096];
  while (true) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      OPENSSL_cleanse(buf, sizeof buf);
      return err("cannot read " + path + ": " + std::strerror(e));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxPemBytes) {
      ::close(fd);
      OPENSSL_cleanse(buf, sizeof buf);
      return err(path + " is too large for a PEM key or certificate");
    }
  }
  ::close(fd);
  OPENSSL_cleanse(buf, sizeof buf);
  return true;
}


std::string pemOf(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// Into `out`, which the caller wipes.
bool pemOf(EVP_PKEY* key, std::string& out) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return false;
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  out.assign(data, static_cast<std::size_t>(n));
  return true;
}

Result<OfficeCertificate, std::string> createPair() {
  OfficeCertificate c;
  c.key.reset(EVP_EC_gen("P-256"));
  c.cert.reset(X509_new());
  if (!c.key || !c.cert) return err("cannot create a key: " + openSslReason());
  X509* x = c.cert.get();
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return err("cannot create a key: " + openSslReason());
  serial[0] &= 0x7F;  // a positive serial number
  const std::unique_ptr<BIGNUM, BnFree> bn(BN_bin2bn(serial, sizeof serial, nullptr));
  X509_NAME* name = X509_get_subject_name(x);
  const bool ok =
      bn && X509_set_version(x, X509_VERSION_3) == 1 &&
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) != nullptr &&
      // A day back, for a kiosk whose clock is behind (kiosks do not check dates; others may).
      X509_gmtime_adj(X509_getm_notBefore(x), -24L * 3600) != nullptr &&
      X509_time_adj_ex(X509_getm_notAfter(x), kValidityDays, 0, nullptr) != nullptr &&
      X509_set_pubkey(x, c.key.get()) == 1 &&
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("Red Credit village office"),
                                 -1, -1, 0) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("rc-office"), -1, -1, 0) == 1 &&
      X509_set_issuer_name(x, name) == 1 && X509_sign(x, c.key.get(), EVP_sha256()) > 0;
  if (!ok) return err("cannot create a certificate: " + openSslReason());
  c.sha256 = sha256Of(x);
  c.created = true;
  return c;
}

}  // namespace

void X509Free::operator()(X509* x) const noexcept { X509_free(x); }
void PkeyFree::operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }

OfficeCertificateFiles officeCertificateFiles(const std::string& ledger_path) {
  return {ledger_path + ".tls-key.pem", ledger_path + ".tls-cert.pem"};
}

Result<OfficeCertificate, std::string> loadOrCreateOfficeCertificate(
    const OfficeCertificateFiles& files) {
  const bool have_key = fileExists(files.key_path);
  const bool have_cert = fileExists(files.cert_path);
  if (have_key != have_cert) {
    // Making a new pair here would change the fingerprint every enrolled kiosk holds.
    return err((have_key ? files.cert_path : files.key_path) + " is missing while " +
               (have_key ? files.key_path : files.cert_path) +
               " exists; restore it from a backup, or move both away to create a new pair "
               "(every kiosk must then be given the new office_cert_sha256)");
  }
  if (!have_key) {
    auto made = createPair();
    if (!made) return made;
    Wiped key_pem;
    if (!pemOf(made->key.get(), key_pem.text)) return err("cannot encode the key: " + openSslReason());
    const std::string cert_pem = pemOf(made->cert.get());
    if (cert_pem.empty()) return err("cannot encode the certificate: " + openSslReason());
    if (auto st = writePrivateFile(files.key_path, key_pem.text); !st) return err(st.error());
    if (auto st = writePrivateFile(files.cert_path, cert_pem); !st) {
      ::unlink(files.key_path.c_str());  // not half a pair
      return err(st.error());
    }
    return made;
  }

  OfficeCertificate c;
  {
    Wiped key_pem;
    if (auto st = readFile(files.key_path, key_pem.text); !st) return err(st.error());
    BioPtr bio(BIO_new_mem_buf(key_pem.text.data(), static_cast<int>(key_pem.text.size())));
    // No password callback: an encrypted key is refused instead of prompting on a terminal.
    pem_password_cb* no_password = [](char*, int, int, void*) { return 0; };
    c.key.reset(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr) : nullptr);
    if (!c.key) {
      ERR_clear_error();
      return err(files.key_path + " is not an unencrypted PEM private key");
    }
  }
  std::string cert_pem;
  if (auto st = readFile(files.cert_path, cert_pem); !st) return err(st.error());
  BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  c.cert.reset(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!c.cert) {
    ERR_clear_error();
    return err(files.cert_path + " is not a PEM certificate");
  }
  if (X509_check_private_key(c.cert.get(), c.key.get()) != 1) {
    ERR_clear_error();
    return err(files.cert_path + " does not belong to the key in " + files.key_path);
  }
  c.sha256 = sha256Of(c.cert.get());
  return c;
}

std::string sha256Of(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (cert == nullptr || X509_digest(cert, EVP_sha256(), md, &n) != 1) return {};
  return hex(md, n);
}

Result<std::string, std::string> sha256OfPem(std::string_view cert_pem) {
  if (cert_pem.size() > kMaxPemBytes) return err(std::string("too large for a PEM certificate"));
  BioPtr bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  const X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) {
    ERR_clear_error();
    return err(std::string("not a PEM certificate"));
  }
  return sha256Of(cert.get());
}

std::optional<std::string> normalizeSha256(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == ':' && i % 3 == 2 && text.size() == 95) continue;  // AB:CD:…, as openssl prints
    if (ch >= '0' && ch <= '9') {
      out += ch;
    } else if (ch >= 'a' && ch <= 'f') {
      out += ch;
    } else if (ch >= 'A' && ch <= 'F') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else {
      return std::nullopt;
    }
  }
  if (out.size() != 64) return std::nullopt;
  return out;
}

void requireModernTls(SSL_CTX* ctx) { SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); }

void ignoreBrokenPipes() {
  static const bool once = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)once;
}

CertificatePin::CertificatePin(std::string_view sha256) {
  const auto norm = normalizeSha256(sha256);
  if (!norm) throw std::invalid_argument("a certificate fingerprint is 64 hex digits (SHA-256)");
  for (std::size_t i = 0; i < m_pin.size(); ++i) {
    m_pin[i] = static_cast<unsigned char>(std::stoul(norm->substr(2 * i, 2), nullptr, 16));
  }
}

void CertificatePin::install(SSL_CTX* ctx) {
  if (ctx == nullptr) throw std::invalid_argument("no TLS context to pin");
  // SSL_VERIFY_PEER makes a refused certificate end the handshake; the callback replaces
  // OpenSSL's chain building and CA checks with the one comparison that matters here.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, &CertificatePin::verify, this);
  requireModernTls(ctx);
}

std::optional<std::string> CertificatePin::mismatch() const {
  std::lock_guard lock(m_mutex);
  return m_refused;
}

void CertificatePin::clear() {
  {
    std::lock_guard lock(m_mutex);
    m_refused.reset();
  }
  // A failed handshake leaves its reasons in this thread's OpenSSL error queue, where they
  // would be taken for the next connection's.
  ERR_clear_error();
}

int CertificatePin::verify(X509_STORE_CTX* store, void* self) {
  auto* pin = static_cast<CertificatePin*>(self);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (leaf == nullptr || X509_digest(leaf, EVP_sha256(), md, &n) != 1 || n != pin->m_pin.size()) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
    return 0;
  }
  if (CRYPTO_memcmp(md, pin->m_pin.data(), n) == 0) {
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
  }
  {
    std::lock_guard lock(pin->m_mutex);
    pin->m_refused = hex(md, n);
  }
  X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
  return 0;
}

}  // namespace rc::sync::tls
