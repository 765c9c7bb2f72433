#pragma once
// Result<T, E>: a value or a closed error, for runtime paths that must not throw.
// Ownership: holds its value by value. Not thread-safe (a plain value type).

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace rc {

template <class E>
struct Err {
  E error;
};
template <class E>
Err<std::decay_t<E>> err(E&& e) {
  return Err<std::decay_t<E>>{std::forward<E>(e)};
}

struct Ok {};

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <class F>
  Result(Err<F> e) : m_v(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool ok() const noexcept { return m_v.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(m_v); }
  const T& value() const& { assert(ok()); return std::get<0>(m_v); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
  const E& error() const { assert(!ok()); return std::get<1>(m_v); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> m_v;
};

// A result with no value: success or a closed error.
template <class E>
using Status = Result<Ok, E>;

}  // namespace rc
