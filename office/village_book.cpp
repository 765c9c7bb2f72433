#include "office/village_book.h"

#include <array>
#include <stdexcept>
#include <string>

#include "db/roster.h"
#include "db/services.h"

namespace rc::office::book {
namespace {

using namespace std::string_view_literals;

constexpr std::array kGridNames = {
    "第一网格"sv, "第二网格"sv, "第三网格"sv, "第四网格"sv, "第五网格"sv,
};

// The first three are named in the source; the rest follow what its volunteers actually do
// (the warm canteen, the love farm, epidemic duty, waste sorting).
constexpr std::array kTeams = {
    TeamSpec{"红先锋", TeamFocus::Party},     TeamSpec{"好家园", TeamFocus::Anyone},
    TeamSpec{"巧工匠", TeamFocus::Men},       TeamSpec{"暖夕阳", TeamFocus::Adults},
    TeamSpec{"净美家园", TeamFocus::Anyone},  TeamSpec{"平安守护", TeamFocus::Men},
    TeamSpec{"文明新风", TeamFocus::Anyone},  TeamSpec{"爱心帮扶", TeamFocus::Adults},
    TeamSpec{"巾帼志愿", TeamFocus::Women},   TeamSpec{"青春之家", TeamFocus::Youth},
    TeamSpec{"银龄互助", TeamFocus::Elderly}, TeamSpec{"红色宣讲", TeamFocus::Party},
    TeamSpec{"护绿使者", TeamFocus::Anyone},  TeamSpec{"邻里守望", TeamFocus::Adults},
};

// The source names 党的建设, 经济发展, 社会公益 as categories and 好人好事, 志愿服务, 平安村庄
// as collection items; the rest complete the eleven from what the method rewards and punishes.
constexpr std::array kRuleCategories = {
    "党的建设"sv, "经济发展"sv, "社会公益"sv, "好人好事"sv, "志愿服务"sv, "平安村庄"sv,
    "环境卫生"sv, "移风易俗"sv, "孝老爱亲"sv, "遵纪守法"sv, "邻里和谐"sv,
};

constexpr std::array kRules = {
    RuleSpec{"R01", 0, "按时参加“三会一课”和主题党日活动", 2, RuleAudience::Party},
    RuleSpec{"R02", 0, "党员认领责任区、责任岗履职到位", 3, RuleAudience::Party},
    RuleSpec{"R03", 0, "无故缺席党组织生活", -5, RuleAudience::Party},
    RuleSpec{"R04", 1, "带头发展特色产业、带动群众增收", 5, RuleAudience::Adults},
    RuleSpec{"R05", 1, "积极配合村集体项目建设", 3, RuleAudience::Adults},
    RuleSpec{"R06", 1, "拖欠村集体承包费用", -10, RuleAudience::Adults},
    RuleSpec{"R07", 2, "为村内公益事业捐款捐物", 3, RuleAudience::Adults},
    RuleSpec{"R08", 2, "参加疫情防控、防汛抗灾等急难险重任务", 5, RuleAudience::Adults},
    RuleSpec{"R09", 2, "损坏村内公共设施", -5, RuleAudience::Adults},
    RuleSpec{"R10", 3, "拾金不昧", 3, RuleAudience::AnyAge},
    RuleSpec{"R11", 3, "见义勇为", 10, RuleAudience::Adults},
    RuleSpec{"R12", 3, "获得县级以上表彰", 8, RuleAudience::AnyAge},
    RuleSpec{"R13", 4, "参加志愿服务活动表现突出", 2, RuleAudience::AnyAge},
    RuleSpec{"R14", 4, "参与暖心食堂、爱心农场志愿管理", 3, RuleAudience::Adults},
    RuleSpec{"R15", 4, "报名志愿服务无故缺席", -2, RuleAudience::Adults},
    RuleSpec{"R16", 5, "参与夜间巡逻、平安守护", 2, RuleAudience::Adults},
    RuleSpec{"R17", 5, "及时报告矛盾纠纷、安全隐患", 3, RuleAudience::Adults},
    RuleSpec{"R18", 5, "参与打架斗殴、寻衅滋事", -15, RuleAudience::Adults},
    RuleSpec{"R19", 5, "违规燃放烟花爆竹、野外用火", -5, RuleAudience::Adults},
    RuleSpec{"R20", 6, "庭院整洁被评为“美丽庭院”", 3, RuleAudience::AnyAge},
    RuleSpec{"R21", 6, "垃圾分类投放规范", 1, RuleAudience::AnyAge},
    RuleSpec{"R22", 6, "乱堆乱放、乱倒垃圾", -3, RuleAudience::Adults},
    RuleSpec{"R23", 6, "私搭乱建、占用公共道路", -10, RuleAudience::Adults},
    RuleSpec{"R24", 7, "婚事新办、丧事简办", 5, RuleAudience::Adults},
    RuleSpec{"R25", 7, "大操大办、铺张浪费", -10, RuleAudience::Adults},
    RuleSpec{"R26", 7, "参与封建迷信活动", -5, RuleAudience::Adults},
    RuleSpec{"R27", 8, "孝敬老人、照顾病残亲属事迹突出", 5, RuleAudience::Adults},
    RuleSpec{"R28", 8, "被评为“好媳妇”“好婆婆”", 5, RuleAudience::Adults},
    RuleSpec{"R29", 8, "不赡养老人、虐待家庭成员", -20, RuleAudience::Adults},
    RuleSpec{"R30", 9, "积极参加普法学习", 1, RuleAudience::Adults},
    RuleSpec{"R31", 9, "参与赌博", -15, RuleAudience::Adults},
    RuleSpec{"R32", 9, "违反村规民约经批评教育不改", -8, RuleAudience::Adults},
    RuleSpec{"R33", 10, "邻里互帮互助", 2, RuleAudience::AnyAge},
    RuleSpec{"R34", 10, "主动化解邻里矛盾", 3, RuleAudience::Adults},
    RuleSpec{"R35", 10, "辱骂、诋毁他人", -5, RuleAudience::Adults},
};

constexpr std::array kStations = {
    StationSpec{core::StationKind::Supermarket, "红色信用超市"},
    StationSpec{core::StationKind::Laundry, "净衣社"},
    StationSpec{core::StationKind::Haircut, "理发"},
    StationSpec{core::StationKind::Repair, "修理"},
    StationSpec{core::StationKind::Errand, "跑腿"},
    StationSpec{core::StationKind::FarmMachinery, "三秋农机服务"},
    StationSpec{core::StationKind::WarmCanteen, "暖心食堂"},
};

static_assert(kGridNames.size() == 5, "the source has five grids");
static_assert(kTeams.size() == 14, "the source has fourteen volunteer teams");
static_assert(kRuleCategories.size() == 11, "the rule book has eleven categories");
static_assert(kRules.size() == 35, "the rule book has thirty-five rules");
static_assert(kStations.size() == 7, "one station per core::StationKind");

}  // namespace

std::span<const std::string_view> gridNames() { return kGridNames; }
std::span<const TeamSpec> teamSpecs() { return kTeams; }
std::span<const std::string_view> ruleCategories() { return kRuleCategories; }
std::span<const RuleSpec> ruleSpecs() { return kRules; }
std::span<const StationSpec> stationSpecs() { return kStations; }

namespace {

[[noreturn]] void failBook(const std::string& what, const std::string& message) {
  throw std::runtime_error("village book: " + what + ": " + message);
}

}  // namespace

void writeRuleBook(db::Database& d) {
  db::Roster roster(d);
  std::vector<std::int64_t> categories;
  for (auto name : ruleCategories()) {
    auto id = roster.addRuleCategory(std::string(name));
    if (!id) failBook("rule category " + std::string(name), id.error().message);
    categories.push_back(*id);
  }
  for (const auto& r : ruleSpecs()) {
    auto id = roster.addRule(categories[static_cast<std::size_t>(r.category)], std::string(r.code),
                             std::string(r.title), r.score_delta);
    if (!id) failBook("rule " + std::string(r.code), id.error().message);
  }
}

VillageBookIds writeVillageBook(db::Ledger& ledger) {
  db::Roster roster(ledger.database());
  VillageBookIds ids;
  for (auto name : gridNames()) {
    auto id = roster.addGrid(std::string(name));
    if (!id) failBook("grid " + std::string(name), id.error().message);
    ids.grids.push_back(*id);
  }
  for (const auto& t : teamSpecs()) {
    auto id = roster.addTeam(std::string(t.name));
    if (!id) failBook("team " + std::string(t.name), id.error().message);
    ids.teams.push_back(*id);
  }
  writeRuleBook(ledger.database());
  db::Services services(ledger);
  for (const auto& s : stationSpecs()) {
    auto id = services.addStation(s.kind, std::string(s.name));
    if (!id) failBook("station " + std::string(s.name), id.error().message);
  }
  return ids;
}

}  // namespace rc::office::book
