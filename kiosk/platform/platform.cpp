#include "kiosk/platform/platform.h"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <stdexcept>
#include <vector>

#include "kiosk/platform/png_writer.h"

namespace rc::kiosk::platform {
namespace {

// Our rasterizer writes 32-bit pixels with 8-bit red, green and blue in whole bytes.
bool drawable(const SDL_Surface& s) noexcept {
  const SDL_PixelFormat* f = s.format;
  auto byteLane = [](Uint8 shift, Uint8 loss) { return loss == 0 && shift % 8 == 0; };
  return f && f->BytesPerPixel == 4 && s.pitch % 4 == 0 && byteLane(f->Rshift, f->Rloss) &&
         byteLane(f->Gshift, f->Gloss) && byteLane(f->Bshift, f->Bloss);
}

PixelTarget targetOf(const SDL_Surface& s) noexcept {
  PixelTarget t;
  t.pixels = static_cast<std::uint32_t*>(s.pixels);
  t.width = s.w;
  t.height = s.h;
  t.pitch = s.pitch / 4;
  t.r_shift = s.format->Rshift;
  t.g_shift = s.format->Gshift;
  t.b_shift = s.format->Bshift;
  return t;
}

}  // namespace

Platform::Platform(const PlatformOptions& options) : m_sdl(options.headless) {
  m_wake_type = SDL_RegisterEvents(1);
  if (m_wake_type == static_cast<Uint32>(-1)) throw std::runtime_error("SDL has no user events left");

  Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
  int w = options.width;
  int h = options.height;
  if (!options.headless && options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  m_window.reset(SDL_CreateWindow("红色信用 Red Credit", SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, w, h, flags));
  if (!m_window) throw std::runtime_error(std::string("cannot open the window: ") + SDL_GetError());

  if (!options.headless && !options.force_software) {
    m_renderer.reset(SDL_CreateRenderer(m_window.get(), -1, SDL_RENDERER_ACCELERATED));
  }
  // Our rasterizer draws into the window surface. On X11 SDL would otherwise back that surface
  // with a texture of its own GL renderer (Mesa's llvmpipe on a machine without a GPU): every
  // present an 8 MB upload and a second software rasterization, 16–30 ms a frame under Xvfb,
  // where the X server's shared-memory image takes under a millisecond. Other drivers may have
  // no surface of their own, so there SDL keeps its choice.
  if (const char* video = SDL_GetCurrentVideoDriver(); video && std::string_view(video) == "x11") {
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  }
  if (m_renderer) {
    SDL_GetRendererOutputSize(m_renderer.get(), &m_width, &m_height);
  } else if (SDL_Surface* surface = SDL_GetWindowSurface(m_window.get()); surface && drawable(*surface)) {
    m_raster = std::make_unique<SoftRasterizer>(AlphaAtlas{}, ImVec2(0, 0));
    m_software = true;
    m_width = surface->w;
    m_height = surface->h;
  } else {
    // A window surface that is not 8 bits a channel in 32-bit pixels: SDL converts for us.
    m_renderer.reset(SDL_CreateRenderer(m_window.get(), -1, SDL_RENDERER_SOFTWARE));
    if (!m_renderer) throw std::runtime_error(std::string("no renderer: ") + SDL_GetError());
    m_software = true;
    SDL_GetRendererOutputSize(m_renderer.get(), &m_width, &m_height);
  }
  m_scale = std::min(static_cast<float>(m_width) / 1920.f, static_cast<float>(m_height) / 1080.f);
  SDL_ShowCursor(SDL_DISABLE);
  const char* driver = SDL_GetCurrentVideoDriver();
  m_own_wait = driver && std::string_view(driver) == "dummy";

  m_imgui.reset(ImGui::CreateContext());
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs: every screen lays itself out
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  io.BackendRendererName = "rc_kiosk_sdl_renderer";
  io.BackendPlatformName = "rc_kiosk_touch";
  io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
  io.MouseDrawCursor = false;
  m_input.setViewport(m_width, m_height);

  if (m_renderer) m_backend = std::make_unique<ImGuiSdlRenderer>(m_renderer.get());
  m_fonts = std::make_unique<FontSet>(options.font_path, m_scale);
  m_last_frame = SDL_GetPerformanceCounter();
}

Platform::~Platform() {
  // ImGui's atlas points at the font mapping and texture: it goes first.
  m_imgui.reset();
  m_fonts.reset();
  m_pictures.clear();
  m_backend.reset();
  m_renderer.reset();
  m_window.reset();
}

std::string Platform::rendererName() const {
  if (m_raster) return "own software rasterizer";
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(m_renderer.get(), &info);
  return info.name ? info.name : "?";
}

void Platform::wake() const noexcept {
  SDL_Event e{};
  e.type = m_wake_type;
  SDL_PushEvent(&e);
  if (m_own_wait) {
    {
      std::lock_guard lock(m_wake_mutex);
      m_wake_pending = true;
    }
    m_wake_cv.notify_one();
  }
}

bool Platform::waitEvent(SDL_Event& e, int timeout_ms) {
  if (!m_own_wait) {
    return (timeout_ms < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, timeout_ms)) == 1;
  }
  if (SDL_PollEvent(&e) == 1) return true;
  {
    std::unique_lock lock(m_wake_mutex);
    const auto woken = [this] { return m_wake_pending; };
    if (timeout_ms < 0) {
      m_wake_cv.wait(lock, woken);
    } else {
      m_wake_cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), woken);
    }
    m_wake_pending = false;
  }
  return SDL_PollEvent(&e) == 1;
}

rc::Status<std::string> Platform::refreshFonts() {
  if (!m_fonts->dirty()) return rc::Ok{};
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  if (!m_fonts->build(atlas)) return rc::err(std::string("cannot bake the CJK font"));
  if (m_backend) return m_backend->uploadFonts(atlas);
  // Our rasterizer samples the 8-bit atlas in place: no 32-bit copy.
  unsigned char* alpha = nullptr;
  int w = 0;
  int h = 0;
  atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
  if (!alpha || w <= 0 || h <= 0) return rc::err(std::string("the font atlas is empty"));
  atlas.SetTexID(static_cast<ImTextureID>(alpha));
  m_raster->setAtlas(AlphaAtlas{alpha, w, h}, atlas.TexUvWhitePixel);
  return rc::Ok{};
}

ImTextureID Platform::pictureTexture(const std::shared_ptr<const db::RgbaPicture>& picture) {
  if (!picture || picture->width <= 0 || picture->height <= 0 ||
      picture->rgba.size() != static_cast<std::size_t>(picture->width) *
                                  static_cast<std::size_t>(picture->height) * 4) {
    return nullptr;
  }
  for (const auto& t : m_pictures) {
    if (t.picture == picture) {
      return t.sdl ? static_cast<ImTextureID>(t.sdl.get()) : static_cast<ImTextureID>(t.soft.get());
    }
  }
  PictureTexture t;
  t.picture = picture;
  if (m_backend) {
    t.sdl = m_backend->pictureTexture(picture->rgba.data(), picture->width, picture->height);
    if (!t.sdl) return nullptr;
  } else {
    t.soft = std::make_unique<RgbaTexture>(RgbaTexture{picture->rgba.data(), picture->width,
                                                       picture->height});
  }
  const ImTextureID id =
      t.sdl ? static_cast<ImTextureID>(t.sdl.get()) : static_cast<ImTextureID>(t.soft.get());
  m_pictures.push_back(std::move(t));
  return id;
}

void Platform::beginFrame() {
  // The last frame is drawn: textures of pictures nobody else holds any more can go.
  std::erase_if(m_pictures, [](const PictureTexture& t) { return t.picture.use_count() == 1; });
  ImGuiIO& io = ImGui::GetIO();
  const Uint64 now = SDL_GetPerformanceCounter();
  io.DeltaTime = std::max(1e-4f, static_cast<float>(now - m_last_frame) /
                                      static_cast<float>(SDL_GetPerformanceFrequency()));
  m_last_frame = now;
  io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
  m_input.feed(io);
  ImGui::NewFrame();
}

void Platform::endFrame() {
  ImGui::Render();
  if (!m_raster) {
    SDL_SetRenderDrawColor(m_renderer.get(), 0, 0, 0, 255);
    SDL_RenderClear(m_renderer.get());
    m_backend->render(ImGui::GetDrawData());
    return;
  }
  SDL_Surface* surface = SDL_GetWindowSurface(m_window.get());
  if (!surface || !drawable(*surface)) return;
  if (SDL_MUSTLOCK(surface) && SDL_LockSurface(surface) != 0) return;
  const PixelTarget target = targetOf(*surface);
  SoftRasterizer::clear(target, 0x000000);
  m_raster->render(*ImGui::GetDrawData(), target);
  if (SDL_MUSTLOCK(surface)) SDL_UnlockSurface(surface);
}

void Platform::present() {
  if (m_raster) {
    SDL_UpdateWindowSurface(m_window.get());
  } else {
    SDL_RenderPresent(m_renderer.get());
  }
}

rc::Status<std::string> Platform::screenshot(const std::string& path) {
  const int pitch = m_width * 3;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(pitch) * static_cast<std::size_t>(m_height));
  if (m_raster) {
    SDL_Surface* surface = SDL_GetWindowSurface(m_window.get());
    if (!surface || !drawable(*surface)) return rc::err(std::string("no window surface to read"));
    if (SDL_ConvertPixels(std::min(m_width, surface->w), std::min(m_height, surface->h),
                          surface->format->format, surface->pixels, surface->pitch,
                          SDL_PIXELFORMAT_RGB24, pixels.data(), pitch) != 0) {
      return rc::err(std::string("cannot read the frame: ") + SDL_GetError());
    }
  } else if (SDL_RenderReadPixels(m_renderer.get(), nullptr, SDL_PIXELFORMAT_RGB24, pixels.data(),
                                  pitch) != 0) {
    return rc::err(std::string("cannot read the frame: ") + SDL_GetError());
  }
  return writePng(path, m_width, m_height, pixels.data(), pitch);
}

}  // namespace rc::kiosk::platform
