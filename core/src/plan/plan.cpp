#include "sextant/plan/plan.hpp"

namespace sextant::plan {

std::chrono::sys_days Plan::year_start() const {
  return std::chrono::sys_days{std::chrono::year{year} / shop.fiscal_year_start};
}

std::chrono::sys_days Plan::year_end() const {
  return std::chrono::sys_days{std::chrono::year{year + 1} / shop.fiscal_year_start} - std::chrono::days{1};
}

}  // namespace sextant::plan
