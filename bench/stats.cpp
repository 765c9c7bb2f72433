#include <algorithm>
#include <cmath>
#include <iostream>

#include "bench/bench.h"

namespace rc::bench {

double percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const auto idx = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(samples.size()))) - 1;
  return samples[idx];
}

void Context::say(const std::string& text) const { std::cerr << "  " << text << std::endl; }

}  // namespace rc::bench
