#pragma once
// One lambda per alternative for std::visit.

namespace rc::kiosk {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace rc::kiosk
