#pragma once
// The kiosk's own pointer layer. Dear ImGui 1.86 has no touch support: fed raw mouse state, a
// tapped button stays hovered (highlighted) after the finger lifts. Here every press and release
// (finger or mouse) becomes a step fed to ImGui one per frame, and after a release the pointer
// moves off-screen, so nothing stays highlighted. Mouse motion is ignored on purpose: a touch
// screen has no hover.
// Not thread-safe: UI thread only.

#include <SDL.h>
#include <imgui.h>

#include <deque>

namespace rc::kiosk::platform {

class TouchInput {
 public:
  // Window size in pixels, to turn normalised finger positions into pixels.
  void setViewport(int width, int height) noexcept {
    m_width = width;
    m_height = height;
  }
  // Takes mouse button and finger events; returns true when the event was pointer input.
  bool onEvent(const SDL_Event& e);
  // A whole tap (press, release) at a point, as a script or a test would make it.
  void tap(float x, float y);

  // Applies the next step to ImGui's IO. Call once per frame before ImGui::NewFrame.
  void feed(ImGuiIO& io);
  // Steps left to feed: the loop keeps drawing frames until this is false.
  bool busy() const noexcept { return !m_steps.empty(); }

 private:
  enum class Kind { Press, Release, Leave };
  struct Step {
    Kind kind;
    float x;
    float y;
  };
  void press(float x, float y);
  void release(float x, float y);

  std::deque<Step> m_steps;
  bool m_down = false;  // a finger or button is held (after its press was fed)
  float m_x = -1.f;
  float m_y = -1.f;
  int m_width = 1;
  int m_height = 1;
  SDL_FingerID m_finger = -1;  // the one finger we follow; a second finger is ignored
};

}  // namespace rc::kiosk::platform
