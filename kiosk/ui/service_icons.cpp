// The stations' pictures, drawn by the kiosk from plain shapes so they need no image files and
// scale with the screen: a washing machine, a tractor, a bowl, scissors, a wrench, a bag.
#include <cmath>
#include <numbers>

#include "kiosk/ui/screens.h"

namespace rc::kiosk::ui {

namespace {

void washingMachine(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t bg) {
  c.fill({cx - s * 0.42f, cy - s * 0.5f, s * 0.84f, s}, ink, s * 0.1f);
  c.fill({cx - s * 0.34f, cy - s * 0.4f, s * 0.3f, s * 0.1f}, bg, 2);
  c.circle(cx + s * 0.22f, cy - s * 0.35f, s * 0.06f, bg);
  c.circle(cx, cy + s * 0.12f, s * 0.3f, bg);
  c.circle(cx, cy + s * 0.12f, s * 0.2f, ink, s * 0.06f);
}

void tractor(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t bg) {
  // Cab, bonnet, exhaust, then the big rear and small front wheels over them.
  c.frame({cx - s * 0.45f, cy - s * 0.5f, s * 0.38f, s * 0.42f}, ink, s * 0.07f, 4);
  c.fill({cx - s * 0.5f, cy - s * 0.12f, s * 0.95f, s * 0.26f}, ink, 4);
  c.line(cx + s * 0.25f, cy - s * 0.12f, cx + s * 0.25f, cy - s * 0.42f, s * 0.07f, ink);
  c.circle(cx - s * 0.24f, cy + s * 0.2f, s * 0.28f, ink);
  c.circle(cx - s * 0.24f, cy + s * 0.2f, s * 0.1f, bg);
  c.circle(cx + s * 0.3f, cy + s * 0.3f, s * 0.17f, ink);
  c.circle(cx + s * 0.3f, cy + s * 0.3f, s * 0.06f, bg);
}

void bowl(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t) {
  // A half disc under a rim, steam above, chopsticks across.
  constexpr int kSteps = 12;
  float pts[2 * (kSteps + 1)];
  for (int i = 0; i <= kSteps; ++i) {
    const float a = std::numbers::pi_v<float> * static_cast<float>(i) / kSteps;
    pts[2 * i] = cx + s * 0.48f * std::cos(a);
    pts[2 * i + 1] = cy + s * 0.05f + s * 0.42f * std::sin(a);
  }
  c.convex(pts, kSteps + 1, ink);
  c.fill({cx - s * 0.52f, cy - s * 0.02f, s * 1.04f, s * 0.09f}, ink, 3);
  for (int i = -1; i <= 1; ++i) {
    const float x = cx + static_cast<float>(i) * s * 0.2f;
    c.line(x, cy - s * 0.12f, x + s * 0.05f, cy - s * 0.28f, s * 0.05f, ink);
    c.line(x + s * 0.05f, cy - s * 0.28f, x, cy - s * 0.44f, s * 0.05f, ink);
  }
  c.line(cx + s * 0.1f, cy - s * 0.02f, cx + s * 0.5f, cy - s * 0.5f, s * 0.05f, ink);
  c.line(cx + s * 0.2f, cy - s * 0.02f, cx + s * 0.58f, cy - s * 0.42f, s * 0.05f, ink);
}

void scissors(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t) {
  c.line(cx - s * 0.14f, cy + s * 0.18f, cx + s * 0.3f, cy - s * 0.5f, s * 0.09f, ink);
  c.line(cx + s * 0.14f, cy + s * 0.18f, cx - s * 0.3f, cy - s * 0.5f, s * 0.09f, ink);
  c.circle(cx - s * 0.22f, cy + s * 0.32f, s * 0.16f, ink, s * 0.07f);
  c.circle(cx + s * 0.22f, cy + s * 0.32f, s * 0.16f, ink, s * 0.07f);
  c.circle(cx, cy - s * 0.04f, s * 0.05f, ink);
}

void wrench(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t bg) {
  c.line(cx - s * 0.36f, cy + s * 0.36f, cx + s * 0.12f, cy - s * 0.12f, s * 0.16f, ink);
  c.circle(cx - s * 0.38f, cy + s * 0.38f, s * 0.09f, ink);
  c.circle(cx + s * 0.22f, cy - s * 0.22f, s * 0.26f, ink);
  // The jaw's opening.
  const float jaw[] = {cx + s * 0.22f, cy - s * 0.22f, cx + s * 0.34f, cy - s * 0.58f,
                       cx + s * 0.6f,  cy - s * 0.32f};
  c.convex(jaw, 3, bg);
}

void bag(Canvas& c, float cx, float cy, float s, std::uint32_t ink, std::uint32_t) {
  c.circle(cx, cy - s * 0.2f, s * 0.2f, ink, s * 0.07f);
  const float body[] = {cx - s * 0.38f, cy - s * 0.16f, cx + s * 0.38f, cy - s * 0.16f,
                        cx + s * 0.46f, cy + s * 0.5f,  cx - s * 0.46f, cy + s * 0.5f};
  c.convex(body, 4, ink);
}

}  // namespace

void stationIcon(Canvas& c, core::StationKind kind, float cx, float cy, float size,
                 std::uint32_t ink, std::uint32_t bg) {
  switch (kind) {
    case core::StationKind::Laundry: washingMachine(c, cx, cy, size, ink, bg); return;
    case core::StationKind::FarmMachinery: tractor(c, cx, cy, size, ink, bg); return;
    case core::StationKind::WarmCanteen: bowl(c, cx, cy, size, ink, bg); return;
    case core::StationKind::Haircut: scissors(c, cx, cy, size, ink, bg); return;
    case core::StationKind::Repair: wrench(c, cx, cy, size, ink, bg); return;
    case core::StationKind::Errand:
    case core::StationKind::Supermarket: bag(c, cx, cy, size, ink, bg); return;
  }
}

}  // namespace rc::kiosk::ui
