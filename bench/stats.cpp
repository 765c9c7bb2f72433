#include <algorithm>
#include <cmath>
#include <iostream>

#include "bench/bench.h"

namespace rc::bench {

void fail(const std::string& why) { throw StepFailed(why); }

double percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) fail("no samples to take a percentile of");
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const auto idx = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(samples.size()))) - 1;
  return samples[idx];
}

double median(std::vector<double> samples) { return percentile(samples, 50); }

void Context::step(std::string what) {
  m_step = std::move(what);
  say(m_step);
}

void Context::say(const std::string& text) const { std::cerr << "  " << text << std::endl; }

}  // namespace rc::bench
