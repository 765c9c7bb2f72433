#pragma once
// Draws Dear ImGui's draw data with SDL_Renderer's SDL_RenderGeometryRaw, so the kiosk runs on
// any renderer SDL offers (accelerated or software) without a GL context. Written for this
// project: Debian's libimgui-dev does not compile in an SDL_Renderer backend.
// Ownership: borrows the renderer; owns the font texture. Not thread-safe: UI thread only.

#include <SDL.h>
#include <imgui.h>

#include <cstdint>
#include <string>

#include "core/result.h"
#include "kiosk/platform/sdl_handles.h"

namespace rc::kiosk::platform {

class ImGuiSdlRenderer {
 public:
  explicit ImGuiSdlRenderer(SDL_Renderer* renderer) noexcept : m_renderer(renderer) {}

  // Uploads the atlas (alpha) as a white RGBA texture, sets its TexID and frees the atlas's
  // CPU copy. Called after every font rebuild.
  rc::Status<std::string> uploadFonts(ImFontAtlas& atlas);
  void render(const ImDrawData* data);
  // A picture (8-bit RGBA, rows top-down) as a static texture; its pointer is the ImTextureID
  // that draws it. Null when SDL cannot make one.
  TexturePtr pictureTexture(const std::uint8_t* rgba, int width, int height);

 private:
  SDL_Renderer* m_renderer;
  TexturePtr m_font;
};

}  // namespace rc::kiosk::platform
