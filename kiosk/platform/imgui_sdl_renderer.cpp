#include "kiosk/platform/imgui_sdl_renderer.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rc::kiosk::platform {

rc::Status<std::string> ImGuiSdlRenderer::uploadFonts(ImFontAtlas& atlas) {
  unsigned char* alpha = nullptr;
  int w = 0;
  int h = 0;
  atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
  if (!alpha || w <= 0 || h <= 0) return rc::err(std::string("the font atlas is empty"));
  TexturePtr tex(SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGBA32,
                                   SDL_TEXTUREACCESS_STREAMING, w, h));
  if (!tex) return rc::err(std::string("cannot create the font texture: ") + SDL_GetError());
  void* pixels = nullptr;
  int pitch = 0;
  if (SDL_LockTexture(tex.get(), nullptr, &pixels, &pitch) != 0) {
    return rc::err(std::string("cannot fill the font texture: ") + SDL_GetError());
  }
  // Expanded straight into the texture row by row, never through a second full RGBA copy: the
  // atlas is the kiosk's biggest allocation.
  for (int y = 0; y < h; ++y) {
    auto* dst = static_cast<std::uint8_t*>(pixels) + static_cast<std::ptrdiff_t>(y) * pitch;
    const unsigned char* src = alpha + static_cast<std::ptrdiff_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      dst[4 * x + 0] = 255;
      dst[4 * x + 1] = 255;
      dst[4 * x + 2] = 255;
      dst[4 * x + 3] = src[x];
    }
  }
  SDL_UnlockTexture(tex.get());
  SDL_SetTextureBlendMode(tex.get(), SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(tex.get(), SDL_ScaleModeNearest);
  m_font = std::move(tex);
  atlas.SetTexID(static_cast<ImTextureID>(m_font.get()));
  atlas.ClearTexData();
  return rc::Ok{};
}

TexturePtr ImGuiSdlRenderer::pictureTexture(const std::uint8_t* rgba, int width, int height) {
  TexturePtr tex(SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                   width, height));
  if (!tex) return tex;
  if (SDL_UpdateTexture(tex.get(), nullptr, rgba, width * 4) != 0) return TexturePtr();
  SDL_SetTextureBlendMode(tex.get(), SDL_BLENDMODE_BLEND);
  SDL_SetTextureScaleMode(tex.get(), SDL_ScaleModeLinear);
  return tex;
}

void ImGuiSdlRenderer::render(const ImDrawData* data) {
  if (!data || data->CmdListsCount == 0) return;
  const ImVec2 off = data->DisplayPos;
  const ImVec2 scale = data->FramebufferScale;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  SDL_SetRenderDrawBlendMode(m_renderer, SDL_BLENDMODE_BLEND);
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        cmd.UserCallback(list, &cmd);
        continue;
      }
      const float x0 = (cmd.ClipRect.x - off.x) * scale.x;
      const float y0 = (cmd.ClipRect.y - off.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - off.x) * scale.x;
      const float y1 = (cmd.ClipRect.w - off.y) * scale.y;
      if (x1 <= x0 || y1 <= y0) continue;
      const SDL_Rect clip{static_cast<int>(x0), static_cast<int>(y0), static_cast<int>(x1 - x0),
                          static_cast<int>(y1 - y0)};
      SDL_RenderSetClipRect(m_renderer, &clip);

      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      const int vertices = list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
      // ImDrawVert is {pos, uv, col}; IM_COL32 packs R in the low byte, which in memory is
      // SDL_Color's {r, g, b, a} on a little-endian machine.
      const auto* base = reinterpret_cast<const std::uint8_t*>(vtx);
      const auto* xy = reinterpret_cast<const float*>(base + offsetof(ImDrawVert, pos));
      const auto* uv = reinterpret_cast<const float*>(base + offsetof(ImDrawVert, uv));
      const auto* col = reinterpret_cast<const SDL_Color*>(base + offsetof(ImDrawVert, col));
      auto* tex = static_cast<SDL_Texture*>(cmd.GetTexID());

      // Shapes sample the atlas's white pixel. Drawn without the texture, SDL's software
      // renderer turns their rectangles into plain fills instead of sampling a texture per
      // pixel, and opaque ones need no blending either (together about 10× faster on a full
      // screen); glyphs keep the texture. Runs keep the drawing order.
      enum Kind { Textured, SolidBlended, SolidOpaque };
      auto kindOf = [&](unsigned t) {
        bool opaque = true;
        for (unsigned k = 0; k < 3; ++k) {
          const ImDrawVert& v = vtx[idx[t * 3 + k]];
          if (v.uv.x != white.x || v.uv.y != white.y) return Textured;
          if ((v.col >> IM_COL32_A_SHIFT) != 0xFF) opaque = false;
        }
        return opaque ? SolidOpaque : SolidBlended;
      };
      const unsigned triangles = cmd.ElemCount / 3;
      unsigned start = 0;
      while (start < triangles) {
        const Kind kind = kindOf(start);
        unsigned end = start + 1;
        while (end < triangles && kindOf(end) == kind) ++end;
        SDL_SetRenderDrawBlendMode(m_renderer,
                                   kind == SolidOpaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        const bool textured = kind == Textured;
        SDL_RenderGeometryRaw(m_renderer, textured ? tex : nullptr, xy, sizeof(ImDrawVert), col,
                              sizeof(ImDrawVert), textured ? uv : nullptr, sizeof(ImDrawVert),
                              vertices, idx + start * 3, static_cast<int>((end - start) * 3),
                              sizeof(ImDrawIdx));
        start = end;
      }
    }
  }
  SDL_RenderSetClipRect(m_renderer, nullptr);
}

}  // namespace rc::kiosk::platform
