// Computes the seven steps from the plan, the history and the tasks' last known states.
#pragma once

#include "sextant/ledger/ledger.hpp"
#include "sextant/report/history.hpp"
#include "sextant/report/report.hpp"

#include <string>
#include <vector>

namespace sextant::report {

/// Pure: no I/O, no clock. `tasks` are the ledger's task records (states read back from the
/// tracker); keys are "<plan id>/<action id>". Fails (invalid_input, with the JSON pointer of
/// the plan field to blame) when a figure of the report would not fit in 64 bits.
Result<Report> build_report(const plan::Plan& plan, const History& history, sys_days today,
                            const std::vector<ledger::TaskRecord>& tasks, const std::string& timezone);

}  // namespace sextant::report
