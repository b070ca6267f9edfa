// A small recursive-descent reading of a GraphQL document, enough to price it: fields, aliases,
// arguments (literals and $variables), selection sets and inline fragments. Comments, fragment
// definitions and directives are not used by this plugin's documents and are refused.
#include "query_cost.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>

namespace sextant::shopify {
namespace {

namespace json = boost::json;

struct Field {
  std::string name;
  std::map<std::string, json::value> args;
  std::vector<Field> children;                   // the selection set's own fields
  std::vector<std::vector<Field>> fragments;     // its inline fragments (... on T { })
  bool has_selection = false;
};

class Reader {
 public:
  Reader(std::string_view text, const json::object& variables) : s_(text), vars_(variables) {}

  Result<std::pair<bool, std::vector<Field>>> document() {
    skip();
    bool mutation = false;
    if (peek_name() == "query" || peek_name() == "mutation") {
      mutation = name() == "mutation";
      skip();
      if (at_name()) name();
      skip();
      if (eat('(')) skip_balanced('(', ')');
    }
    Field root;
    if (auto ok = selection(root); !ok) return ok.error();
    return std::pair{mutation, std::move(root.children)};
  }

 private:
  void skip() {
    while (i_ < s_.size() && (std::isspace(static_cast<unsigned char>(s_[i_])) || s_[i_] == ',')) ++i_;
  }
  bool at_name() const { return i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'); }
  std::string_view peek_name() const {
    std::size_t j = i_;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    return s_.substr(i_, j - i_);
  }
  std::string name() {
    auto n = peek_name();
    i_ += n.size();
    return std::string(n);
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      skip();
      return true;
    }
    return false;
  }
  void skip_balanced(char open, char close) {
    for (int depth = 1; i_ < s_.size() && depth > 0; ++i_)
      depth += s_[i_] == open ? 1 : s_[i_] == close ? -1 : 0;
    skip();
  }
  Error fail(const std::string& what) const {
    return make_error(Errc::invalid_input, "cannot price the query: " + what + " at offset " + std::to_string(i_));
  }

  Result<json::value> value() {
    skip();
    if (eat('$')) {
      auto v = vars_.if_contains(name());
      skip();
      return v ? *v : json::value(nullptr);
    }
    if (i_ < s_.size() && s_[i_] == '"') {
      std::string out;
      for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_) out += s_[i_] == '\\' ? s_[++i_] : s_[i_];
      ++i_;
      skip();
      return json::value(out);
    }
    if (eat('[')) {
      json::array list;
      while (!eat(']')) {
        auto v = value();
        if (!v) return v;
        list.push_back(*v);
      }
      return json::value(std::move(list));
    }
    if (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-')) {
      std::size_t used = 0;
      long long n = std::stoll(std::string(s_.substr(i_, 20)), &used);
      i_ += used;
      skip();
      return json::value(n);
    }
    if (at_name()) {
      auto n = name();  // an enum, true, false or null: none is a size
      skip();
      return n == "true" ? json::value(true) : n == "false" ? json::value(false) : json::value(nullptr);
    }
    return fail("an argument value this reading does not know");
  }

  Result<void> selection(Field& into) {
    if (!eat('{')) return fail("a selection set expected");
    into.has_selection = true;
    while (!eat('}')) {
      if (i_ + 2 < s_.size() && s_.substr(i_, 3) == "...") {
        i_ += 3;
        skip();
        if (peek_name() != "on") return fail("a fragment spread (only inline fragments are read)");
        name();
        skip();
        name();
        Field fragment;
        if (auto ok = selection(fragment); !ok) return ok;
        into.fragments.push_back(std::move(fragment.children));
        continue;
      }
      if (!at_name()) return fail("a field name expected");
      Field f;
      f.name = name();
      if (eat(':')) f.name = name();  // what came first was the alias
      skip();
      if (eat('(')) {
        while (!eat(')')) {
          if (!at_name()) return fail("an argument name expected");
          auto arg = name();
          if (!eat(':')) return fail("':' expected after argument " + arg);
          auto v = value();
          if (!v) return v.error();
          f.args[arg] = *v;
        }
      }
      skip();
      if (i_ < s_.size() && s_[i_] == '{')
        if (auto ok = selection(f); !ok) return ok;
      into.children.push_back(std::move(f));
    }
    return {};
  }

  std::string_view s_;
  const json::object& vars_;
  std::size_t i_ = 0;
};

std::optional<std::int64_t> size_of(const Field& f) {
  for (const char* arg : {"first", "last"})
    if (auto it = f.args.find(arg); it != f.args.end() && it->second.is_int64()) return it->second.as_int64();
  if (auto it = f.args.find("ids"); it != f.args.end() && it->second.is_array())
    return static_cast<std::int64_t>(it->second.as_array().size());
  return std::nullopt;
}

std::int64_t object_cost(const std::vector<Field>& children, const std::vector<std::vector<Field>>& fragments);

std::int64_t field_cost(const Field& f) {
  if (!f.has_selection) return 0;  // scalar or enum
  auto n = size_of(f);
  bool connection = n && std::any_of(f.children.begin(), f.children.end(),
                                     [](const Field& c) { return c.name == "nodes" || c.name == "edges"; });
  if (connection) {
    // One node: the fields asked under nodes and under edges { node }, once each.
    std::vector<Field> node;
    std::vector<std::vector<Field>> fragments;
    for (const auto& c : f.children) {
      if (c.name == "nodes") {
        node.insert(node.end(), c.children.begin(), c.children.end());
        fragments.insert(fragments.end(), c.fragments.begin(), c.fragments.end());
      }
      if (c.name == "edges")
        for (const auto& e : c.children)
          if (e.name == "node") {
            node.insert(node.end(), e.children.begin(), e.children.end());
            fragments.insert(fragments.end(), e.fragments.begin(), e.fragments.end());
          }
    }
    return 2 + *n * object_cost(node, fragments);
  }
  return object_cost(f.children, f.fragments) * (n ? *n : 1);
}

std::int64_t object_cost(const std::vector<Field>& children, const std::vector<std::vector<Field>>& fragments) {
  std::int64_t cost = 1;
  for (const auto& c : children) cost += field_cost(c);
  std::int64_t widest = 0;
  for (const auto& fragment : fragments) {
    std::int64_t c = 0;
    for (const auto& f : fragment) c += field_cost(f);
    widest = std::max(widest, c);
  }
  return cost + widest;
}

}  // namespace

Result<int> requested_cost(std::string_view document, const json::object& variables) {
  Reader reader(document, variables);
  auto doc = reader.document();
  if (!doc) return doc.error();
  const auto& [mutation, fields] = *doc;
  std::int64_t cost = 0;
  for (const auto& f : fields) cost += mutation ? 10 : field_cost(f);
  return static_cast<int>(std::min<std::int64_t>(cost, INT32_MAX));
}

}  // namespace sextant::shopify
