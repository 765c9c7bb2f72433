#pragma once
// One RAII owner per SDL handle (window, renderer, texture) and for the library itself, so a
// failed start-up or an early return never leaks a handle. Deleters are noexcept.
// Not thread-safe: SDL video calls belong to the thread that initialised it.

#include <SDL.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace rc::kiosk::platform {

struct WindowDeleter {
  void operator()(SDL_Window* w) const noexcept { SDL_DestroyWindow(w); }
};
struct RendererDeleter {
  void operator()(SDL_Renderer* r) const noexcept { SDL_DestroyRenderer(r); }
};
struct TextureDeleter {
  void operator()(SDL_Texture* t) const noexcept { SDL_DestroyTexture(t); }
};

using WindowPtr = std::unique_ptr<SDL_Window, WindowDeleter>;
using RendererPtr = std::unique_ptr<SDL_Renderer, RendererDeleter>;
using TexturePtr = std::unique_ptr<SDL_Texture, TextureDeleter>;

// SDL_Init(VIDEO | EVENTS) for the lifetime of the object. Throws at start-up when SDL cannot
// start (no video driver), with SDL's own words. `headless` picks the dummy video driver and the
// software renderer before SDL starts.
class SdlLibrary {
 public:
  explicit SdlLibrary(bool headless) {
    if (headless) {
      // Override: a developer's SDL_VIDEODRIVER=x11 must not put a headless run on screen.
      SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "dummy", SDL_HINT_OVERRIDE);
      SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
    }
    // Touches arrive as finger events only: the kiosk's input layer handles them, and a second,
    // synthetic mouse click per tap would tap twice.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
      throw std::runtime_error(std::string("SDL could not start: ") + SDL_GetError());
    }
  }
  ~SdlLibrary() { SDL_Quit(); }
  SdlLibrary(const SdlLibrary&) = delete;
  SdlLibrary& operator=(const SdlLibrary&) = delete;
};

}  // namespace rc::kiosk::platform
