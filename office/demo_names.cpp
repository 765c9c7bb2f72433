#include "office/demo_names.h"

#include <array>

namespace rc::office::demo {
namespace {

using namespace std::string_view_literals;

// 于 曲 毕 邹 丛 初 矫 are everyday names on the Jiaodong peninsula, rarer elsewhere.
constexpr std::array kCommonSurnames = {
    "王"sv, "张"sv, "李"sv, "赵"sv, "孙"sv, "于"sv, "曲"sv, "毕"sv, "宋"sv, "姜"sv,
    "徐"sv, "丛"sv, "邹"sv, "林"sv, "高"sv, "杨"sv, "陈"sv, "周"sv, "吴"sv, "郭"sv,
    "马"sv, "唐"sv, "邵"sv, "汤"sv, "梁"sv, "孔"sv, "鲍"sv, "初"sv, "岳"sv, "矫"sv,
};

// Characters a kiosk font or a pinyin search is most likely to get wrong.
constexpr std::array kRareSurnames = {
    "鞠"sv, "隋"sv, "逄"sv, "禚"sv, "訾"sv, "亓"sv, "宫"sv, "栾"sv,
    "慕"sv, "郄"sv, "璩"sv, "冼"sv, "缑"sv, "阎"sv, "蔺"sv,
};

constexpr std::array kMaleOld = {
    "德胜"sv, "福祥"sv, "永贵"sv, "宝山"sv, "玉林"sv, "春生"sv, "庆余"sv, "长海"sv,
    "振华"sv, "树森"sv, "洪涛"sv, "殿臣"sv, "传顺"sv, "广财"sv, "立本"sv, "世昌"sv,
    "守义"sv, "吉祥"sv, "金堂"sv, "连生"sv, "成玉"sv, "进才"sv, "学礼"sv, "万福"sv,
    "兆祥"sv, "建业"sv, "文斌"sv, "有才"sv, "瑞林"sv, "庆和"sv,
};
constexpr std::array kMaleMid = {
    "建国"sv, "建军"sv, "志强"sv, "海涛"sv, "国栋"sv, "卫东"sv, "红军"sv, "立新"sv,
    "晓明"sv, "振宇"sv, "文杰"sv, "永刚"sv, "海波"sv, "东升"sv, "庆华"sv, "明亮"sv,
    "俊峰"sv, "春雷"sv, "建平"sv, "光辉"sv, "志刚"sv, "国庆"sv, "新民"sv, "洪亮"sv,
    "学军"sv, "宏伟"sv, "云龙"sv, "铁军"sv, "成刚"sv, "德明"sv,
};
constexpr std::array kMaleYoung = {
    "浩然"sv, "子轩"sv, "宇航"sv, "俊杰"sv, "博文"sv, "浩宇"sv, "梓豪"sv, "一鸣"sv,
    "天佑"sv, "思远"sv, "皓轩"sv, "晨阳"sv, "泽宇"sv, "家乐"sv, "明哲"sv, "锦程"sv,
    "奕辰"sv, "子墨"sv, "嘉豪"sv, "宇轩"sv, "承泽"sv, "睿泽"sv, "书航"sv, "逸飞"sv,
    "铭轩"sv, "子骞"sv, "煜祺"sv, "昊天"sv, "鹏程"sv, "诗博"sv,
};
constexpr std::array kFemaleOld = {
    "秀英"sv, "桂兰"sv, "玉珍"sv, "凤英"sv, "淑珍"sv, "秀兰"sv, "桂芝"sv, "玉兰"sv,
    "素珍"sv, "翠花"sv, "金凤"sv, "秀云"sv, "兰英"sv, "桂香"sv, "玉梅"sv, "春花"sv,
    "秀珍"sv, "淑兰"sv, "凤兰"sv, "月娥"sv, "翠英"sv, "美兰"sv, "玉芝"sv, "金花"sv,
    "巧云"sv, "秀芳"sv, "香兰"sv, "桂荣"sv, "彩霞"sv, "素梅"sv,
};
constexpr std::array kFemaleMid = {
    "丽华"sv, "红梅"sv, "海燕"sv, "晓燕"sv, "丽娟"sv, "春燕"sv, "玉霞"sv, "秀梅"sv,
    "丽萍"sv, "红霞"sv, "文静"sv, "晓丽"sv, "艳萍"sv, "慧敏"sv, "建华"sv, "美玲"sv,
    "亚楠"sv, "丽娜"sv, "冬梅"sv, "雪梅"sv, "晓红"sv, "丽君"sv, "海霞"sv, "凤霞"sv,
    "爱华"sv, "秋菊"sv, "金玲"sv, "彩云"sv, "淑芬"sv, "翠萍"sv,
};
constexpr std::array kFemaleYoung = {
    "梓涵"sv, "欣怡"sv, "诗涵"sv, "雨萱"sv, "思琪"sv, "佳怡"sv, "子萱"sv, "语桐"sv,
    "可馨"sv, "一诺"sv, "若曦"sv, "雨桐"sv, "梦瑶"sv, "欣妍"sv, "紫涵"sv, "静怡"sv,
    "诗雨"sv, "沐晨"sv, "芷若"sv, "晓彤"sv, "婉清"sv, "思彤"sv, "安琪"sv, "梓萌"sv,
    "依诺"sv, "书瑶"sv, "佳琪"sv, "雅琪"sv, "乐瑶"sv, "心怡"sv,
};
constexpr std::array kMaleSingle = {
    "军"sv, "伟"sv, "强"sv, "刚"sv, "勇"sv, "峰"sv, "磊"sv, "涛"sv, "斌"sv, "亮"sv,
    "杰"sv, "鹏"sv, "飞"sv, "明"sv, "华"sv, "林"sv, "东"sv, "波"sv, "超"sv, "辉"sv,
};
constexpr std::array kFemaleSingle = {
    "英"sv, "兰"sv, "芳"sv, "红"sv, "霞"sv, "丽"sv, "敏"sv, "静"sv, "燕"sv, "娟"sv,
    "梅"sv, "琴"sv, "云"sv, "萍"sv, "珍"sv, "莲"sv, "婷"sv, "雪"sv, "颖"sv, "洁"sv,
};

constexpr std::array kProducts = {
    ProductSpec{"RICE-5KG", "大米5kg", "粮油", 60, 2, false, 80},
    ProductSpec{"RICE-10KG", "大米10kg", "粮油", 110, 1, false, 40},
    ProductSpec{"FLOUR-5KG", "面粉5kg", "粮油", 45, 2, false, 60},
    ProductSpec{"PEANUT-OIL-1800ML", "花生油1.8L", "粮油", 70, 2, false, 60},
    ProductSpec{"SOY-OIL-5L", "大豆油5L", "粮油", 95, 1, false, 30},
    ProductSpec{"NOODLES-1KG", "挂面1kg", "粮油", 12, 0, false, 120},
    ProductSpec{"MILLET-2KG", "小米2kg", "粮油", 30, 0, false, 50},
    ProductSpec{"MUNG-BEAN-1KG", "绿豆1kg", "粮油", 15, 0, false, 50},
    ProductSpec{"EGGS-30", "鸡蛋30枚", "粮油", 36, 2, false, 40},
    ProductSpec{"SOY-SAUCE-500ML", "酱油500ml", "调味", 10, 0, false, 100},
    ProductSpec{"VINEGAR-500ML", "醋500ml", "调味", 8, 0, false, 100},
    ProductSpec{"SALT-400G", "食盐400g", "调味", 5, 0, false, 150},
    ProductSpec{"SUGAR-500G", "白糖500g", "调味", 10, 0, false, 80},
    ProductSpec{"MSG-200G", "味精200g", "调味", 8, 0, false, 60},
    ProductSpec{"BEAN-PASTE-1KG", "黄豆酱1kg", "调味", 12, 0, false, 60},
    ProductSpec{"COOKING-WINE", "料酒500ml", "调味", 8, 0, false, 60},
    ProductSpec{"PEPPER-POWDER", "花椒粉", "调味", 6, 0, false, 60},
    ProductSpec{"TOWEL", "毛巾", "日用", 10, 0, false, 100},
    ProductSpec{"TOOTHPASTE", "牙膏", "日用", 12, 0, false, 100},
    ProductSpec{"TOOTHBRUSH-2", "牙刷(2支)", "日用", 6, 0, false, 80},
    ProductSpec{"TOILET-PAPER-10", "卫生纸10卷", "日用", 25, 2, false, 80},
    ProductSpec{"FACIAL-TISSUE-3", "抽纸(3包)", "日用", 15, 0, false, 80},
    ProductSpec{"SOAP", "香皂", "日用", 6, 0, false, 100},
    ProductSpec{"SHAMPOO", "洗发水", "日用", 30, 2, false, 50},
    ProductSpec{"SLIPPERS", "拖鞋", "日用", 15, 0, false, 40},
    ProductSpec{"THERMOS", "暖水瓶", "日用", 40, 1, false, 20},
    ProductSpec{"BATTERY-AA-4", "5号电池(4节)", "日用", 10, 0, false, 60},
    ProductSpec{"UMBRELLA", "雨伞", "日用", 25, 1, false, 30},
    ProductSpec{"LAUNDRY-LIQUID-2KG", "洗衣液2kg", "清洁", 30, 2, false, 80},
    ProductSpec{"WASHING-POWDER", "洗衣粉1.5kg", "清洁", 20, 0, false, 80},
    ProductSpec{"DISH-SOAP", "洗洁精1.1kg", "清洁", 12, 0, false, 100},
    ProductSpec{"LAUNDRY-SOAP", "肥皂", "清洁", 5, 0, false, 120},
    ProductSpec{"DISINFECTANT-84", "84消毒液", "清洁", 10, 0, false, 60},
    ProductSpec{"TRASH-BAGS", "垃圾袋", "清洁", 5, 0, false, 120},
    ProductSpec{"NOTEBOOK", "笔记本", "文具", 5, 0, false, 100},
    ProductSpec{"GEL-PEN-3", "中性笔(3支)", "文具", 6, 0, false, 100},
    ProductSpec{"PENCIL-CASE", "文具盒", "文具", 15, 0, false, 40},
    ProductSpec{"SCHOOLBAG", "书包", "文具", 60, 1, false, 20},
    // Only for villagers at or above the welfare threshold: festival welfare (节日福利).
    ProductSpec{"FESTIVAL-GIFT", "节日福利礼包", "福利", 120, 1, true, 60},
    ProductSpec{"MOONCAKE-GIFT", "中秋月饼礼盒", "福利", 80, 1, true, 40},
};

}  // namespace

std::span<const std::string_view> commonSurnames() { return kCommonSurnames; }
std::span<const std::string_view> rareSurnames() { return kRareSurnames; }

std::span<const std::string_view> givenNames(char gender, Era era) {
  const bool male = gender == 'M';
  switch (era) {
    case Era::Before1960:
      return male ? std::span<const std::string_view>(kMaleOld) : kFemaleOld;
    case Era::Before1990:
      return male ? std::span<const std::string_view>(kMaleMid) : kFemaleMid;
    case Era::Since1990:
      return male ? std::span<const std::string_view>(kMaleYoung) : kFemaleYoung;
  }
  return kFemaleMid;
}

std::span<const std::string_view> singleGivenNames(char gender) {
  return gender == 'M' ? std::span<const std::string_view>(kMaleSingle) : kFemaleSingle;
}

std::span<const ProductSpec> productSpecs() { return kProducts; }

}  // namespace rc::office::demo
