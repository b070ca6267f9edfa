// Jira's side of a task: descriptions as Atlassian Document Format (Cloud) or plain text (Data
// Center), the label that carries a task's key, and an issue's state from its status category.
#pragma once

#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace sextant::jira {

/// A Markdown-ish text as an ADF document: a paragraph per non-empty line (ADF text nodes may
/// not hold newlines).
boost::json::object adf_document(std::string_view text);

/// The label carrying a task's key: "sextant:plan/a1" (labels may not hold spaces).
std::string key_label(std::string_view key);

/// A label as Jira takes it: spaces become underscores.
std::string as_label(std::string_view text);

/// "3h 30m": an estimate as Jira's time tracking takes it.
std::string estimate_text(double hours);

/// An issue of an answer (id, key, fields.status.statusCategory, fields.progress): state new is
/// open, indeterminate in progress, done done.
RemoteTask remote_task(const boost::json::object& issue, const std::string& site_url);

}  // namespace sextant::jira
