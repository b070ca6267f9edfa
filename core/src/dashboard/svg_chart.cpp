#include "svg_chart.hpp"

#include "html_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sextant::dashboard {

namespace {

constexpr double kWidth = 560, kHeight = 200, kLeft = 64, kRight = 12, kTop = 12, kBottom = 28;

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

// "1.2M", "350k", "0.02": an axis label.
std::string tick_label(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (a >= 1e3) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else if (a >= 1 || a == 0) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

struct Scale {
  double lo = 0, hi = 1;
  [[nodiscard]] double y(double v) const { return kTop + (kHeight - kTop - kBottom) * (hi - v) / (hi - lo); }
};

Scale scale_of(const std::vector<const Series*>& all) {
  Scale s;
  bool any = false;
  for (const auto* series : all)
    for (const auto& m : series->marks)
      if (m.y) {
        s.lo = any ? std::min(s.lo, *m.y) : std::min(0.0, *m.y);
        s.hi = any ? std::max(s.hi, *m.y) : std::max(0.0, *m.y);
        any = true;
      }
  s.lo = std::min(s.lo, 0.0);
  if (s.hi <= s.lo) s.hi = s.lo + 1;
  s.hi += (s.hi - s.lo) * 0.08;
  return s;
}

double x_of(std::size_t i, std::size_t n) {
  return kLeft + (kWidth - kLeft - kRight) * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
}

std::string frame(const std::vector<std::string>& months, const Scale& s, const std::string& caption) {
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                    "\" role=\"img\" aria-label=\"" + escape(caption) + "\">";
  for (int i = 0; i <= 4; ++i) {
    double v = s.lo + (s.hi - s.lo) * i / 4.0;
    out += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(s.y(v)) +
           "\" y2=\"" + num(s.y(v)) + "\"/>";
    out += "<text class=\"axis\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(s.y(v) + 4) + "\" text-anchor=\"end\">" +
           tick_label(v) + "</text>";
  }
  if (s.lo < 0)
    out += "<line class=\"zero\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(s.y(0)) +
           "\" y2=\"" + num(s.y(0)) + "\"/>";
  for (std::size_t i = 0; i < months.size(); ++i)
    out += "<text class=\"axis\" x=\"" + num(x_of(i, months.size())) + "\" y=\"" + num(kHeight - 10) +
           "\" text-anchor=\"middle\">" + escape(months[i].substr(5)) + "</text>";
  return out;
}

std::string legend(const std::vector<const Series*>& all) {
  std::string out = "<div class=\"legend\">";
  for (const auto* s : all) out += "<span class=\"key " + s->css_class + "\">" + escape(s->label) + "</span>";
  return out + "</div>";
}

std::string dot(const Mark& m, double x, double y, const std::string& css_class) {
  return "<circle class=\"" + css_class + "\" cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3\" " + m.attributes +
         "><title>" + escape(m.title) + "</title></circle>";
}

}  // namespace

std::string line_chart(const std::vector<std::string>& months, const std::vector<Series>& series,
                       const std::string& caption) {
  std::vector<const Series*> all;
  for (const auto& s : series) all.push_back(&s);
  Scale s = scale_of(all);
  std::string out = "<figure>" + frame(months, s, caption);
  for (const auto& one : series) {
    std::string points;
    for (std::size_t i = 0; i < one.marks.size(); ++i)
      if (one.marks[i].y) points += num(x_of(i, months.size())) + "," + num(s.y(*one.marks[i].y)) + " ";
    out += "<polyline class=\"" + one.css_class + "\" points=\"" + points + "\"/>";
    for (std::size_t i = 0; i < one.marks.size(); ++i)
      if (one.marks[i].y) out += dot(one.marks[i], x_of(i, months.size()), s.y(*one.marks[i].y), one.css_class);
  }
  return out + "</svg>" + legend(all) + "<figcaption>" + escape(caption) + "</figcaption></figure>";
}

std::string bar_chart(const std::vector<std::string>& months, const Series& bars, const Series& line,
                      const std::string& caption) {
  Scale s = scale_of({&bars, &line});
  std::string out = "<figure>" + frame(months, s, caption);
  const double slot = (kWidth - kLeft - kRight) / static_cast<double>(months.size());
  for (std::size_t i = 0; i < bars.marks.size(); ++i) {
    const auto& m = bars.marks[i];
    if (!m.y) continue;
    double top = std::min(s.y(*m.y), s.y(0)), height = std::fabs(s.y(*m.y) - s.y(0));
    out += "<rect class=\"" + bars.css_class + "\" x=\"" + num(x_of(i, months.size()) - slot * 0.3) + "\" y=\"" +
           num(top) + "\" width=\"" + num(slot * 0.6) + "\" height=\"" + num(height) + "\" " + m.attributes +
           "><title>" + escape(m.title) + "</title></rect>";
  }
  for (std::size_t i = 0; i < line.marks.size(); ++i) {
    const auto& m = line.marks[i];
    if (!m.y) continue;
    double x = x_of(i, months.size()), y = s.y(*m.y);
    out += "<line class=\"" + line.css_class + "\" x1=\"" + num(x - slot / 2) + "\" x2=\"" + num(x + slot / 2) +
           "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\" " + m.attributes + "><title>" + escape(m.title) +
           "</title></line>";
  }
  return out + "</svg>" + legend({&bars, &line}) + "<figcaption>" + escape(caption) + "</figcaption></figure>";
}

std::string timeline(const std::vector<Span>& spans, int days, const std::vector<std::pair<int, std::string>>& month_starts,
                     std::optional<int> today, const std::string& caption) {
  const double row = 20, label_width = 230, right = 12, top = 22;
  const double height = top + row * static_cast<double>(spans.size()) + 8;
  const double plot = kWidth + 200 - label_width - right;
  auto x = [&](int day) { return label_width + plot * day / std::max(1, days); };
  std::string out = "<figure><svg class=\"chart timeline\" viewBox=\"0 0 " + num(kWidth + 200) + " " + num(height) +
                    "\" role=\"img\" aria-label=\"" + escape(caption) + "\">";
  for (const auto& [day, label] : month_starts)
    out += "<line class=\"grid\" x1=\"" + num(x(day)) + "\" x2=\"" + num(x(day)) + "\" y1=\"" + num(top - 6) +
           "\" y2=\"" + num(height) + "\"/><text class=\"axis\" x=\"" + num(x(day) + 2) + "\" y=\"12\">" +
           escape(label) + "</text>";
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    double y = top + row * static_cast<double>(i);
    out += "<text class=\"row-label\" x=\"4\" y=\"" + num(y + 13) + "\">" + escape(s.label) + "</text>";
    out += "<rect class=\"task " + s.css_class + "\" x=\"" + num(x(s.start)) + "\" y=\"" + num(y + 3) + "\" width=\"" +
           num(std::max(2.0, x(s.end) - x(s.start))) + "\" height=\"" + num(row - 6) + "\" " + s.attributes +
           "><title>" + escape(s.title) + "</title></rect>";
  }
  if (today)
    out += "<line class=\"today\" x1=\"" + num(x(*today)) + "\" x2=\"" + num(x(*today)) + "\" y1=\"" + num(top - 6) +
           "\" y2=\"" + num(height) + "\"/>";
  return out + "</svg><figcaption>" + escape(caption) + "</figcaption></figure>";
}

}  // namespace sextant::dashboard
