#include "kiosk/platform/touch_input.h"

#include <cfloat>

namespace rc::kiosk::platform {

bool TouchInput::onEvent(const SDL_Event& e) {
  switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
      // Touches SDL turned into mouse events are already handled as fingers.
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return true;
      press(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      return true;
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return true;
      release(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      return true;
    case SDL_FINGERDOWN:
      if (m_finger != -1) return true;
      m_finger = e.tfinger.fingerId;
      press(e.tfinger.x * static_cast<float>(m_width), e.tfinger.y * static_cast<float>(m_height));
      return true;
    case SDL_FINGERUP:
      if (e.tfinger.fingerId != m_finger) return true;
      m_finger = -1;
      release(e.tfinger.x * static_cast<float>(m_width), e.tfinger.y * static_cast<float>(m_height));
      return true;
    case SDL_MOUSEMOTION:
    case SDL_FINGERMOTION:
    case SDL_MOUSEWHEEL:
      return true;
    default:
      return false;
  }
}

void TouchInput::tap(float x, float y) {
  press(x, y);
  release(x, y);
}

void TouchInput::press(float x, float y) { m_steps.push_back({Kind::Press, x, y}); }

void TouchInput::release(float x, float y) {
  m_steps.push_back({Kind::Release, x, y});
  m_steps.push_back({Kind::Leave, 0.f, 0.f});
}

void TouchInput::feed(ImGuiIO& io) {
  if (!m_steps.empty()) {
    const Step s = m_steps.front();
    m_steps.pop_front();
    switch (s.kind) {
      case Kind::Press:
        m_down = true;
        m_x = s.x;
        m_y = s.y;
        break;
      case Kind::Release:
        // A finger may slide before lifting; ImGui then sees the release where it happened and
        // does not click a button the finger left (the usual "slide off to cancel").
        m_down = false;
        m_x = s.x;
        m_y = s.y;
        break;
      case Kind::Leave:
        m_x = -FLT_MAX;
        m_y = -FLT_MAX;
        break;
    }
  }
  io.MousePos = ImVec2(m_x < 0 ? -FLT_MAX : m_x, m_y < 0 ? -FLT_MAX : m_y);
  io.MouseDown[0] = m_down;
  for (int i = 1; i < 5; ++i) io.MouseDown[i] = false;
  io.MouseWheel = 0.f;
}

}  // namespace rc::kiosk::platform
