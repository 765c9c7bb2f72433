// The A3 notice-board poster of a month's boards. Section index: layout constants · the page
// (title bar, footer, page breaks) · rows · sections · writeBoardPoster
#include "office/board_poster.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "office/pdf.h"

namespace rc::office {
namespace {

using pdf::Align;
using pdf::Colour;
using pdf::Document;
using pdf::TextStyle;

// ---- layout constants (millimetres) ----------------------------------------------------------

constexpr double kWidth = pdf::kA3Width, kHeight = pdf::kA3Height;
constexpr double kMargin = 15;
constexpr double kGutter = 7;
constexpr double kColumn = (kWidth - 2 * kMargin - kGutter) / 2;
constexpr double kTitleBar = 56;        // first page
constexpr double kContinuedBar = 26;    // later pages
constexpr double kFooterTop = 398;      // the footer's rule
constexpr double kContentBottom = 392;  // rows end above this
constexpr double kRow = 12.5;
constexpr double kHeading = 24;
constexpr double kNamePt = 19, kScorePt = 19, kCountPt = 15, kRankPt = 15;

constexpr Colour kInk{0.08, 0.08, 0.08};
constexpr Colour kStripe{0.94, 0.94, 0.94};
constexpr Colour kYellowCard{0.98, 0.80, 0.10};
constexpr Colour kYellowEdge{0.70, 0.52, 0.0};
constexpr Colour kSoftGrey{0.40, 0.40, 0.40};

// "2026-12-02 ..." → "2026年12月2日".
std::string chineseDate(std::int64_t ms) {
  const std::string t = core::formatChinaTime(ms);
  if (t.size() < 10) return t;
  auto strip = [](std::string s) { return s.size() > 1 && s[0] == '0' ? s.substr(1) : s; };
  return t.substr(0, 4) + "年" + strip(t.substr(5, 2)) + "月" + strip(t.substr(8, 2)) + "日";
}

std::string monthText(core::YearMonth m) {
  return std::to_string(m.year) + "年" + std::to_string(m.month) + "月";
}

// ---- the page --------------------------------------------------------------------------------

class Poster {
 public:
  Poster(Document& doc, std::string village, std::string month, std::string printed)
      : m_doc(doc),
        m_village(std::move(village)),
        m_month(std::move(month)),
        m_printed(std::move(printed)) {
    firstPage();
  }

  Document& doc() { return m_doc; }
  double y() const { return m_y; }
  void advance(double mm) { m_y += mm; }
  double room() const { return kContentBottom - m_y; }

  // A new page when less than `mm` is left on this one.
  void need(double mm) {
    if (room() < mm) nextPage();
  }

  void nextPage() {
    footer();
    m_doc.newPage();
    m_doc.fillRect(0, 0, kWidth, kContinuedBar, pdf::kRed);
    m_doc.text(kMargin, 6, kWidth - 2 * kMargin,
               m_village + " 红色信用公示榜 " + m_month + "（续）",
               {24, true, pdf::kWhite, Align::Centre});
    m_y = kContinuedBar + 10;
  }

  void finish() { footer(); }

 private:
  void firstPage() {
    m_doc.fillRect(0, 0, kWidth, kTitleBar, pdf::kRed);
    // A thin gold rule under the bar, as on printed honour boards.
    m_doc.fillRect(0, kTitleBar, kWidth, 2.2, pdf::kGold);
    m_doc.text(kMargin, 7, kWidth - 2 * kMargin, m_village + " 红色信用公示榜",
               {46, true, pdf::kWhite, Align::Centre});
    m_doc.text(kMargin, 33, kWidth - 2 * kMargin, m_month, {30, true, pdf::kWhite, Align::Centre});
    m_y = kTitleBar + 12;
  }

  void footer() {
    m_doc.line(kMargin, kFooterTop, kWidth - kMargin, kFooterTop, kSoftGrey, 0.4);
    const TextStyle small{14, false, kInk, Align::Left};
    m_doc.text(kMargin, kFooterTop + 4, 150, "打印日期：" + m_printed, small);
    m_doc.text(kWidth / 2 - 30, kFooterTop + 4, 60, "第 " + std::to_string(m_doc.pages()) + " 页",
               {14, false, kInk, Align::Centre});
    m_doc.text(kWidth - kMargin - 150, kFooterTop + 4, 150, m_village + "村委会",
               {14, true, kInk, Align::Right});
  }

  Document& m_doc;
  std::string m_village, m_month, m_printed;
  double m_y = 0;
};

// ---- rows ------------------------------------------------------------------------------------

void drawStars(Document& doc, double x, double cy, const core::Stars& st) {
  const bool red = st.red > 0;
  const int count = red ? st.red : st.grey;
  const Colour colour = red ? pdf::kRed : pdf::kGrey;
  for (int i = 0; i < std::min(count, kStarsDrawn); ++i) doc.star(x + 3 + i * 6.4, cy, 2.9, colour);
  doc.text(x + kStarsDrawn * 6.4 + 1.5, cy - 3.6, 32, starWords(st),
           {kCountPt, count > 0, count == 0 ? kSoftGrey : colour, Align::Left});
}

// Rank, name, score, stars.
void scoredRow(Document& doc, double x, double y, const db::BoardRow& r, bool stripe) {
  if (stripe) doc.fillRect(x, y, kColumn, kRow, kStripe);
  const double text_y = y + 1.6;
  doc.text(x + 1, text_y + 1, 9, std::to_string(r.rank), {kRankPt, false, kSoftGrey, Align::Right});
  doc.text(x + 12, text_y, 32, r.name, {kNamePt, true, kInk, Align::Left});
  doc.text(x + 44, text_y, 19, std::to_string(r.score), {kScorePt, false, kInk, Align::Right});
  drawStars(doc, x + 66, y + kRow / 2, r.stars);
}

// Yellow card, name, score, the paired party member.
void yellowRow(Document& doc, double x, double y, const db::BoardRow& r, bool stripe) {
  if (stripe) doc.fillRect(x, y, kColumn, kRow, kStripe);
  doc.fillRect(x + 2, y + 2, 7, 8.5, kYellowCard);
  doc.strokeRect(x + 2, y + 2, 7, 8.5, kYellowEdge, 0.3);
  const double text_y = y + 1.6;
  doc.text(x + 12, text_y, 32, r.name, {kNamePt, true, kInk, Align::Left});
  doc.text(x + 44, text_y, 19, std::to_string(r.score), {kScorePt, false, kInk, Align::Right});
  const std::string pair =
      r.paired_name.empty() ? "结对党员：待安排" : "结对党员：" + r.paired_name;
  doc.text(x + 68, text_y + 1, kColumn - 68, pair, {16, false, pdf::kRed, Align::Left});
}

using RowDrawer = std::function<void(Document&, double, double, const db::BoardRow&, bool)>;

// ---- sections --------------------------------------------------------------------------------

void heading(Poster& p, const std::string& title, const std::string& note, Colour colour) {
  // A heading never stands alone at the foot of a page.
  p.need(kHeading + kRow);
  Document& doc = p.doc();
  doc.fillRect(kMargin, p.y() + 1, 4, 13, colour);
  doc.text(kMargin + 7, p.y() - 0.5, 80, title, {26, true, colour, Align::Left});
  doc.text(kMargin + 70, p.y() + 4.5, kWidth - 2 * kMargin - 70, note,
           {13, false, kSoftGrey, Align::Right});
  doc.line(kMargin, p.y() + 16.5, kWidth - kMargin, p.y() + 16.5, colour, 0.6);
  p.advance(kHeading - 4);
}

void heading(Poster& p, const std::string& title, const std::string& note, Colour colour);

// The rows in two columns, read down the left column then the right; on a page break the
// board's title is repeated with （续）.
void columns(Poster& p, const std::vector<db::BoardRow>& rows, const RowDrawer& draw,
             const std::string& title, Colour colour) {
  if (rows.empty()) {
    p.doc().text(kMargin + 7, p.y() + 1, 200, "（本月无）", {18, false, kSoftGrey, Align::Left});
    p.advance(kRow + 8);
    return;
  }
  std::size_t next = 0;
  while (next < rows.size()) {
    p.need(kRow);
    const auto fit = static_cast<std::size_t>(std::max(1.0, p.room() / kRow));
    const std::size_t left = rows.size() - next;
    const std::size_t per_column = left <= 2 * fit ? (left + 1) / 2 : fit;
    for (std::size_t col = 0; col < 2; ++col) {
      for (std::size_t i = 0; i < per_column && next < rows.size(); ++i, ++next) {
        const double x = kMargin + static_cast<double>(col) * (kColumn + kGutter);
        draw(p.doc(), x, p.y() + static_cast<double>(i) * kRow, rows[next], i % 2 == 1);
      }
    }
    p.advance(static_cast<double>(per_column) * kRow);
    if (next < rows.size()) {
      p.nextPage();
      heading(p, title + "（续）", "", colour);
    }
  }
  p.advance(9);
}

// A heading and its rows. A list that would be split here but fits a fresh page starts on
// the next page, so a short board is read in one piece.
void section(Poster& p, const std::string& title, const std::string& note, Colour colour,
             const std::vector<db::BoardRow>& rows, const RowDrawer& draw) {
  const double lines = static_cast<double>(std::max<std::size_t>(1, (rows.size() + 1) / 2));
  const double needed = kHeading + lines * kRow;
  if (needed > p.room() && needed <= kContentBottom - (kContinuedBar + 10)) p.nextPage();
  heading(p, title, note, colour);
  columns(p, rows, draw, title, colour);
}

}  // namespace

// ---- writeBoardPoster ------------------------------------------------------------------------

std::string starWords(const core::Stars& stars) {
  if (stars.red > 0) return std::to_string(stars.red) + " 颗红星";
  if (stars.grey > 0) return std::to_string(stars.grey) + " 颗灰星";
  return "无星";
}

int writeBoardPoster(const std::string& path, const db::MonthBoards& boards,
                     const core::Settings& settings, const PosterInfo& info) {
  const std::string village = info.village.empty() ? "本村" : info.village;
  Document doc(path, kWidth, kHeight);
  Poster p(doc, village, monthText(boards.month), chineseDate(info.printed_ms));

  const std::string step = std::to_string(settings.star_step);
  section(p, "党员红灰榜", "1000分以上每满" + step + "分一颗红星，以下每满" + step + "分一颗灰星",
          pdf::kRed, boards.party, scoredRow);
  section(p, "张榜表彰",
          "信用分前" + std::to_string(settings.board_top_size) + "名，同分并列者一并上榜",
          pdf::kRed, boards.commended, scoredRow);
  section(p, "黄牌警告",
          "信用分后" + std::to_string(settings.board_bottom_size) + "名，每人由一名党员结对帮扶",
          kYellowEdge, boards.yellow_cards, yellowRow);

  p.finish();
  const int pages = doc.pages();
  doc.finish();
  return pages;
}

}  // namespace rc::office
