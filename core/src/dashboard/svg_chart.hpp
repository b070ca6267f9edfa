// The dashboard's charts as inline SVG: a line chart over the plan year's months, bars with a
// target line, and a timeline. Each drawn value carries the attributes the page prepared for it
// (its source in the report, its definition), so that what is drawn can be read back.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sextant::dashboard {

/// One drawn value.
struct Mark {
  std::optional<double> y;  ///< none: nothing drawn (a month still to come)
  std::string attributes;   ///< data-path, data-value, data-def... and a <title> text
  std::string title;
};

struct Series {
  std::string css_class;    ///< "actual", "target", "forecast", "cash"
  std::string label;        ///< in the legend
  std::vector<Mark> marks;  ///< one per month
};

/// Lines (with a dot per value) over `months`; the y axis starts at 0 unless values go below.
std::string line_chart(const std::vector<std::string>& months, const std::vector<Series>& series,
                       const std::string& caption);

/// Bars for `bars` and a stepped line for `line`, over `months`.
std::string bar_chart(const std::vector<std::string>& months, const Series& bars, const Series& line,
                      const std::string& caption);

/// One row of the action timeline: from `start` to `end` as days from the year's start.
struct Span {
  std::string label;
  int start = 0, end = 0;
  std::string css_class;    ///< "open", "in-progress", "done", plus " overdue"
  std::string attributes;
  std::string title;
};

/// The actions over the year (`days` long, months ticked at `month_starts`), with a line at today.
std::string timeline(const std::vector<Span>& spans, int days, const std::vector<std::pair<int, std::string>>& month_starts,
                     std::optional<int> today, const std::string& caption);

}  // namespace sextant::dashboard
