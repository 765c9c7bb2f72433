#pragma once
// Colours and sizes of the kiosk, chosen for elderly eyes: every text/background pair used here
// has a contrast of at least 7:1 (checked by the layout audit), and every tap target is at
// least 80 px at 1920×1080. Reference units are pixels at 1920×1080.

#include <cstdint>

namespace rc::kiosk::ui::theme {

inline constexpr std::uint32_t kPaper = 0xFBF6EE;     // background
inline constexpr std::uint32_t kCard = 0xFFFFFF;      // panels
inline constexpr std::uint32_t kInk = 0x1C1917;       // text
inline constexpr std::uint32_t kInkSoft = 0x44403C;   // secondary text (9:1 on paper)
inline constexpr std::uint32_t kRed = 0x9B1C1C;       // party red: title band, primary buttons
inline constexpr std::uint32_t kRedPressed = 0x6F1212;
inline constexpr std::uint32_t kGreen = 0x14532D;     // confirm
inline constexpr std::uint32_t kGreenPressed = 0x0B3A1F;
inline constexpr std::uint32_t kWhite = 0xFFFFFF;
inline constexpr std::uint32_t kDisabledBg = 0xD6D3D1;
inline constexpr std::uint32_t kDisabledInk = 0x292524;
inline constexpr std::uint32_t kLine = 0x78716C;       // borders (not text)
inline constexpr std::uint32_t kStarRed = 0xDC2626;    // star shapes (not text)
inline constexpr std::uint32_t kStarGrey = 0x8B8580;
inline constexpr std::uint32_t kYellow = 0xFDE68A;     // yellow-card notice
inline constexpr std::uint32_t kOkBg = 0xDCFCE7;       // welfare: eligible
inline constexpr std::uint32_t kOkInk = 0x14532D;
inline constexpr std::uint32_t kWarnBg = 0xFEF3C7;     // welfare: not yet
inline constexpr std::uint32_t kWarnInk = 0x7C2D12;
inline constexpr std::uint32_t kSelectedBg = 0x1C1917;  // chosen category
inline constexpr std::uint32_t kShade = 0x000000;       // idle overlay backdrop (with alpha)
inline constexpr std::uint32_t kSignalOk = 0x22C55E;    // status bar dot: working (not text)
inline constexpr std::uint32_t kSignalIdle = 0xA8A29E;  // status bar dot: offline, calm (not text)

// Grounds of a product tile without a picture (white text on each: at least 7.5:1); a product
// keeps its colour (ui::tileColour).
inline constexpr std::uint32_t kTileGrounds[] = {0x8E1B1B, 0x1F5F3A, 0x1E4A7A, 0x6B3A10,
                                                  0x5B2C6F, 0x0F5A5A, 0x7A2E4A, 0x3F4A1A};

inline constexpr float kStatusBarH = 88;
inline constexpr float kMinTarget = 80;

}  // namespace rc::kiosk::ui::theme
