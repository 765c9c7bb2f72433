#pragma once
// The kiosk's platform: SDL window (full screen, windowed, or on the dummy driver when
// headless), drawn by an accelerated SDL renderer when the machine has one and otherwise by our
// own rasterizer straight into the window surface (soft_raster.h); the ImGui context fed by
// TouchInput, the fonts, screenshots as PNG, and the SDL user event that other threads post to
// wake the loop.
// Ownership: owns every handle. Not thread-safe except wake(), which any thread may call.

#include <SDL.h>
#include <imgui.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/product_pictures.h"

#include "core/result.h"
#include "kiosk/platform/fonts.h"
#include "kiosk/platform/imgui_sdl_renderer.h"
#include "kiosk/platform/sdl_handles.h"
#include "kiosk/platform/soft_raster.h"
#include "kiosk/platform/touch_input.h"

namespace rc::kiosk::platform {

struct PlatformOptions {
  bool headless = false;    // SDL dummy video driver + our software rasterizer
  bool fullscreen = true;   // ignored when headless
  int width = 1920;         // windowed and headless size; full screen takes the display's
  int height = 1080;
  bool force_software = false;
  std::string font_path = kDefaultFontPath;
};

class Platform {
 public:
  // Throws std::runtime_error at start-up (no video, no renderer, no font).
  explicit Platform(const PlatformOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  int width() const noexcept { return m_width; }
  int height() const noexcept { return m_height; }
  // Layout scale against the 1920×1080 reference.
  float scale() const noexcept { return m_scale; }
  bool software() const noexcept { return m_software; }
  std::string rendererName() const;

  TouchInput& input() noexcept { return m_input; }
  const TouchInput& input() const noexcept { return m_input; }
  FontSet& fonts() noexcept { return *m_fonts; }

  // Posts the wake event (thread-safe). The loop treats it as "drain your queues".
  void wake() const noexcept;
  // Waits up to `timeout_ms` (-1: for ever) for an event. SDL's own wait polls every
  // millisecond on drivers that cannot block (the headless `dummy` one): there the kiosk
  // blocks on its own condition variable, which wake() signals, instead.
  bool waitEvent(SDL_Event& e, int timeout_ms);
  Uint32 wakeEventType() const noexcept { return m_wake_type; }

  // Rebuilds and uploads the atlas when new glyphs arrived; call between frames.
  rc::Status<std::string> refreshFonts();
  void beginFrame();
  // Renders ImGui's draw data into the back buffer; present() then shows it, so a screenshot
  // can read the frame in between.
  void endFrame();
  void present();
  // The texture that draws `picture` with this renderer (ours or SDL's), made on first use
  // and kept while anyone else holds the picture (dropped at the next beginFrame after that).
  // Null when the renderer cannot make one (the caller draws without it).
  ImTextureID pictureTexture(const std::shared_ptr<const db::RgbaPicture>& picture);
  // Reads the last rendered frame back and writes it as PNG.
  rc::Status<std::string> screenshot(const std::string& path);

 private:
  struct ImGuiContextDeleter {
    void operator()(ImGuiContext* c) const noexcept { ImGui::DestroyContext(c); }
  };

  SdlLibrary m_sdl;
  WindowPtr m_window;
  RendererPtr m_renderer;  // accelerated (or SDL's software one for an unusual surface)
  std::unique_ptr<SoftRasterizer> m_raster;  // otherwise: ours, into the window surface
  std::unique_ptr<ImGuiContext, ImGuiContextDeleter> m_imgui;
  std::unique_ptr<ImGuiSdlRenderer> m_backend;  // with m_renderer only
  std::unique_ptr<FontSet> m_fonts;
  struct PictureTexture {
    std::shared_ptr<const db::RgbaPicture> picture;
    TexturePtr sdl;                      // with m_backend
    std::unique_ptr<RgbaTexture> soft;   // with m_raster
  };
  std::vector<PictureTexture> m_pictures;
  TouchInput m_input;
  Uint32 m_wake_type = 0;
  int m_width = 0;
  int m_height = 0;
  float m_scale = 1.f;
  bool m_software = false;
  Uint64 m_last_frame = 0;
  bool m_own_wait = false;
  mutable std::mutex m_wake_mutex;
  mutable std::condition_variable m_wake_cv;
  mutable bool m_wake_pending = false;
};

}  // namespace rc::kiosk::platform
