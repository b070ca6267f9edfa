// The dashboard page's stylesheet, inline: screen and A4 print. No web font (system fonts).
#pragma once

#include <string_view>

namespace sextant::dashboard {

inline constexpr std::string_view kStyle = R"css(
:root { --ink: #1d2430; --muted: #5b6472; --line: #d8dde5; --actual: #1f5fbf; --target: #8a94a3;
        --forecast: #c2410c; --ok: #15803d; --risk: #b45309; --off: #b91c1c; --cash: #0f766e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: var(--ink);
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; } header p, .meaning, figcaption, footer { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--target); border-radius: 6px; padding: 12px 14px; }
.card.band-on-track { border-left-color: var(--ok); } .card.band-at-risk { border-left-color: var(--risk); }
.card.band-off-track { border-left-color: var(--off); }
.band { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; background: #eef1f5; }
.band-on-track .band { background: #dcfce7; color: var(--ok); } .band-at-risk .band { background: #fef3c7; color: var(--risk); }
.band-off-track .band { background: #fee2e2; color: var(--off); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dt { color: var(--muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
.figure { cursor: help; border-bottom: 1px dotted var(--line); }
figure { margin: 8px 0; } svg.chart { width: 100%; height: auto; display: block; }
#financing figure { max-width: 760px; } #actions figure { max-width: 1000px; }
.grid { stroke: var(--line); stroke-width: 1; } .zero { stroke: var(--ink); stroke-width: 1; }
.axis, .row-label { font-size: 10px; fill: var(--muted); } .row-label { fill: var(--ink); }
polyline { fill: none; stroke-width: 2; } polyline.actual { stroke: var(--actual); }
polyline.target { stroke: var(--target); stroke-dasharray: 5 4; } polyline.cash { stroke: var(--cash); }
circle.actual { fill: var(--actual); } circle.target { fill: var(--target); } circle.forecast { fill: var(--forecast); r: 5; }
circle.cash { fill: var(--cash); } rect.actual { fill: var(--actual); opacity: .8; }
line.target { stroke: var(--forecast); stroke-width: 2; } line.today { stroke: var(--off); stroke-dasharray: 3 3; }
.legend { font-size: 12px; color: var(--muted); } .key::before { content: ""; display: inline-block; width: 14px;
  height: 3px; margin: 0 6px 3px 12px; vertical-align: middle; background: currentColor; }
.key.actual { color: var(--actual); } .key.target { color: var(--target); } .key.forecast { color: var(--forecast); }
.key.cash { color: var(--cash); }
.matrix { display: grid; grid-template-columns: 80px 1fr 1fr; gap: 8px; }
.axis-label { font-weight: 600; color: var(--muted); align-self: end; } .axis-label.side { align-self: center; }
.quadrant { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-height: 120px; }
.lever { color: var(--muted); margin: 0; } .empty { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { padding: 3px 6px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; } tr.group th { font-weight: 600; text-align: left; background: #f5f7fa; }
tr.total th, tr.total td { font-weight: 600; }
.verdict.ok { color: var(--ok); } .verdict.short { color: var(--off); font-weight: 600; }
rect.task { fill: #c4cad3; } rect.task.in-progress { fill: var(--actual); } rect.task.done { fill: var(--ok); }
rect.task.overdue { stroke: var(--off); stroke-width: 2; }
.execution .count { margin-right: 12px; font-weight: 600; }
.alert { margin: 2px 0; } .alert.overdue, .alert.financing { color: var(--off); } .alert.kpi, .alert.capacity { color: var(--risk); }
footer { margin-top: 32px; font-size: 12px; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5px; }
  .cards { grid-template-columns: 1fr 1fr; gap: 8px; } .card { break-inside: avoid; padding: 6px 8px; }
  section { break-inside: avoid-page; } #financing, #actions { break-before: page; }
  .figure { border-bottom: none; } .table-wrap { overflow: visible; } table { font-size: 8px; }
  th, td { padding: 1px 3px; } footer { display: none; }
}
)css";

}  // namespace sextant::dashboard
