// Every source and tracker against a hostile server that echoes each request it gets (headers,
// query and body) in a 401, a 500 and a 200 HTML page; `check`, `sync` and `push`, and the daemon's
// /health with and without its token. No secret, configured or obtained at run time, may come out
// in any form it took on the wire: not in stdout, stderr, the ledger, the workspace's files nor any
// HTTP answer. The encodings are computed by Python's standard library, not by the code under test.
#include "daemon/listening.hpp"
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"
#include "trackers/rig_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <sstream>
#include <thread>

namespace sextant::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// Distinctive values, each with characters that percent-encoding and JSON escape differently.
const std::map<std::string, std::string> kSecrets{
    {"WC_KEY", R"(ck_WooKey+1/"a b)"},
    {"WC_SECRET", R"(cs_WooSecret=2&"c d)"},
    {"SHOPIFY_TOKEN", R"(shpat_Token+3/"e f)"},
    {"SHOPIFY_CLIENT_SECRET", R"(shpss_Client+4/"g h)"},
    {"VENDURE_PASSWORD", R"(vendure Pass+5/"i)"},
    {"GITHUB_TOKEN", R"(ghp_Github+6/"jk l)"},
    {"GITLAB_TOKEN", R"(glpat-Gitlab+7/"m n)"},
    {"JIRA_API_TOKEN", R"(jira Api+8/"o p)"},
    {"JIRA_PAT", R"(jira Pat+9/"q r)"},
    {"TRELLO_KEY", R"(trello Key+10/"s)"},
    {"TRELLO_TOKEN", R"(trello Token+11/"t)"},
    {"REDMINE_API_KEY", R"(redmine Key+12/"u)"},
    {"MATOMO_TOKEN", R"(matomo Token+15/"y z)"},
    {"SEXTANT_TOKEN", "Qm7vX2pL9sK4tR8wZ3nB6yH1cF5jD0gA"},
};
// What the echo server hands out as run-time tokens.
const std::string kShopifyRuntimeToken = R"(shpat_Runtime+13/"v w)";
const std::string kVendureRuntimeToken = "vendureRuntime+14/w x";
// The user names Basic auth pairs the secrets with.
const std::string kJiraEmail = "pm@example.com";

// Each secret's forms ({"secret/form": text}), from Python: exact, Base64 (alone and in the Basic
// pairs the plugins build), percent-encoded (upper and lower case hex, '+' for space) and JSON-escaped.
std::map<std::string, std::string> forms() {
  json::object secrets;
  for (const auto& [name, value] : kSecrets) secrets[name] = value;
  secrets["shopify runtime token"] = kShopifyRuntimeToken;
  secrets["vendure runtime token"] = kVendureRuntimeToken;
  const char* script = R"(
import base64, json, re, sys, urllib.parse
secrets = json.loads(sys.argv[1])
pairs = {"woocommerce basic pair": secrets["WC_KEY"] + ":" + secrets["WC_SECRET"],
         "jira basic pair": sys.argv[2] + ":" + secrets["JIRA_API_TOKEN"]}
out = {}
for name, value in list(secrets.items()) + list(pairs.items()):
    quoted = urllib.parse.quote(value, safe="")
    forms = {"exact": value, "base64": base64.b64encode(value.encode()).decode(),
             "base64url": base64.urlsafe_b64encode(value.encode()).decode(),
             "percent-encoded": quoted,
             "percent-encoded lower": re.sub("%[0-9A-F]{2}", lambda m: m.group(0).lower(), quoted),
             "form-encoded": urllib.parse.quote_plus(value, safe=""),
             "json-escaped": json.dumps(value)[1:-1], "json-escaped with \\/": json.dumps(value)[1:-1].replace("/", "\\/")}
    if name in pairs:
        forms = {"base64": forms["base64"]}
    for form, text in forms.items():
        out[name + " / " + form] = text
print(json.dumps(out))
)";
  auto r = run({"python3", "-c", script, json::serialize(secrets), kJiraEmail});
  if (r.exit_code != 0) throw std::runtime_error("python3: " + r.err);
  std::map<std::string, std::string> out;
  const auto parsed = json::parse(r.out);
  for (const auto& [k, v] : parsed.as_object()) out[k] = std::string(v.as_string());
  return out;
}

json::object env_ref(const char* name) { return {{"env", name}}; }

json::array sources(const std::string& url) {
  const json::object http{{"max_attempts", 2}, {"backoff_base_ms", 1}};
  auto woo = [&](const char* name, const char* auth) {
    return json::object{{"name", name}, {"plugin", "woocommerce"}, {"http", http},
                        {"settings", {{"url", url}, {"allow_insecure_http", true}, {"auth", auth},
                                      {"consumer_key", env_ref("WC_KEY")}, {"consumer_secret", env_ref("WC_SECRET")}}}};
  };
  return {woo("woo-basic", "basic"), woo("woo-query", "query"), woo("woo-oauth", "oauth1"),
          json::object{{"name", "shopify-token"}, {"plugin", "shopify"}, {"http", http},
                       {"settings", {{"url", url}, {"allow_insecure_http", true}, {"access_token", env_ref("SHOPIFY_TOKEN")}}}},
          json::object{{"name", "shopify-client"}, {"plugin", "shopify"}, {"http", http},
                       {"settings", {{"url", url}, {"allow_insecure_http", true}, {"client_id", "client-id-1"},
                                     {"client_secret", env_ref("SHOPIFY_CLIENT_SECRET")}}}},
          json::object{{"name", "vendure"}, {"plugin", "vendure"}, {"http", http},
                       {"settings", {{"url", url}, {"allow_insecure_http", true}, {"username", "superadmin"},
                                     {"password", env_ref("VENDURE_PASSWORD")}}}},
          json::object{{"name", "matomo"}, {"plugin", "matomo"}, {"http", http},
                       {"settings", {{"url", url}, {"allow_insecure_http", true}, {"site_id", 1},
                                     {"token_auth", env_ref("MATOMO_TOKEN")}}}}};
}

std::vector<json::object> trackers(const std::string& url) {
  const json::object http{{"max_attempts", 2}, {"backoff_base_ms", 1}};
  auto tracker = [&](const char* plugin, json::object settings) {
    settings["url"] = url;
    settings["allow_insecure_http"] = true;
    return json::object{{"plugin", plugin}, {"settings", settings}, {"http", http}, {"owners", rig_owners("alice", "bob")}};
  };
  return {tracker("github", {{"owner", "acme"}, {"repo", "shop"}, {"token", env_ref("GITHUB_TOKEN")}}),
          tracker("gitlab", {{"project", "acme/shop"}, {"token", env_ref("GITLAB_TOKEN")}}),
          tracker("jira", {{"project", "SHOP"}, {"email", kJiraEmail}, {"api_token", env_ref("JIRA_API_TOKEN")}}),
          tracker("jira", {{"project", "SHOP"}, {"pat", env_ref("JIRA_PAT")}}),
          tracker("trello", {{"board", "5f0b0a0a0a0a0a0a0a0a0a0a"}, {"key", env_ref("TRELLO_KEY")},
                             {"token", env_ref("TRELLO_TOKEN")}}),
          tracker("redmine", {{"project", "shop"}, {"api_key", env_ref("REDMINE_API_KEY")}})};
}

// Every place the run could have put a secret, as text, each part labelled.
class Evidence {
 public:
  void add(const std::string& where, const std::string& text) { parts_.emplace_back(where, text); }
  // "where: ...context..." for each occurrence of `needle`.
  std::vector<std::string> find(const std::string& needle) const {
    std::vector<std::string> hits;
    for (const auto& [where, text] : parts_)
      for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        hits.push_back(where + ": ..." + text.substr(at < 40 ? 0 : at - 40, needle.size() + 80) + "...");
    return hits;
  }

 private:
  std::vector<std::pair<std::string, std::string>> parts_;
};

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> env(kSecrets.begin(), kSecrets.end());
  return env;
}

// `sextant serve` on the workspace: waits for its first sync, then fetches /health without and
// with the token.
void serve(const fs::path& dir, Evidence& evidence) {
  ScratchDir logs;
  Background daemon({sextant_program(), "--config", (dir / "sextant.json").string(), "serve", "--listen", "127.0.0.1:0",
                     "--sync-every", "3600", "--push-every", "0"},
                    logs.path(), {dir, environment()});
  const int port = listening_port(logs / "background.err");
  ASSERT_NE(port, 0) << read_file(logs / "background.err");
  const std::string health = "http://127.0.0.1:" + std::to_string(port) + "/health";
  const std::vector<plugin::HttpHeader> bearer{{"Authorization", "Bearer " + kSecrets.at("SEXTANT_TOKEN")}};
  // Bounded: the first sync fails fast against the echo server.
  for (int i = 0; i < 300; ++i) {
    boost::system::error_code ec;
    auto doc = json::parse(http_call("GET", health, bearer).body, ec);
    const auto* count = ec ? nullptr : doc.find_pointer("/sync/count", ec);
    if (count && count->is_number() && count->to_number<int>() >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  for (const auto& headers : {std::vector<plugin::HttpHeader>{}, bearer}) {
    auto answer = http_call("GET", health, headers);
    std::string whole = std::to_string(answer.status) + "\n";
    for (const auto& h : answer.headers) whole += h.name + ": " + h.value + "\n";
    evidence.add(std::string("serve /health ") + (headers.empty() ? "without" : "with") + " token", whole + answer.body);
  }
  daemon.kill(SIGTERM);
  auto stopped = daemon.wait();
  evidence.add("serve stdout", stopped.out);
  evidence.add("serve stderr", stopped.err);
}

// (answer, layout): how the echo server answers, and which part of the request its echo starts with.
class SecretLeak : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(SecretLeak, NoSecretComesOutInAnyForm) {
  ScratchDir scratch;
  const auto& [answer, layout] = GetParam();
  FakeServer echo("echo_server.py", {"--answer", answer, "--layout", layout, "--shopify-token", kShopifyRuntimeToken, "--vendure-token",
                                     kVendureRuntimeToken, "--log", (scratch / "requests.jsonl").string()});
  Evidence evidence;
  // A shop takes its orders from one source: each workspace pairs one source with one tracker,
  // until every source and every tracker has run.
  const auto all = trackers(echo.url());
  const auto shops = sources(echo.url());
  for (std::size_t t = 0; t < std::max(all.size(), shops.size()); ++t) {
    const fs::path dir = scratch / ("workspace-" + std::to_string(t));
    fs::create_directories(dir);
    write_file(dir / "plan.json", read_file(source_dir() / "examples/plan.json"));
    write_file(dir / "sextant.json",
               json::serialize(json::object{{"plan", "plan.json"},
                                            {"sources", json::array{shops[t % shops.size()]}},
                                            {"tracker", all[t % all.size()]},
                                            {"serve", {{"token", env_ref("SEXTANT_TOKEN")}}}}));
    const std::string tracker =
        std::string(all[t % all.size()].at("plugin").as_string()) + " (workspace " + std::to_string(t) + ")";
    for (const std::string command : {"check", "sync", "push"}) {
      for (const std::string format : {"text", "json"}) {
        auto r = run({sextant_program(), "--today", "2026-03-01", "--format", format, command}, {dir, environment()});
        EXPECT_NE(r.exit_code, 0) << command << " succeeded against the echo server: " << r.out << r.err;
        evidence.add(command + " " + format + " stdout, " + tracker, r.out);
        evidence.add(command + " " + format + " stderr, " + tracker, r.err);
      }
    }
    if (t == 0) serve(dir, evidence);
    auto dump = run({"sqlite3", (dir / "sextant.db").string(), ".dump"});
    ASSERT_EQ(dump.exit_code, 0) << dump.err;
    EXPECT_NE(dump.out.find("CREATE TABLE"), std::string::npos);
    evidence.add("ledger dump, " + tracker, dump.out);
    for (const auto& file : fs::recursive_directory_iterator(dir))
      if (file.is_regular_file()) evidence.add(file.path().string(), read_file(file.path()));
  }

  // The server did get the secrets (and echoed them): the test is not vacuous.
  std::string received;  // the requests as they came, not as the log's JSON escapes them
  std::istringstream log(read_file(scratch / "requests.jsonl"));
  for (std::string line; std::getline(log, line);) {
    const auto request = json::parse(line);
    received += std::string(request.at("line").as_string()) + "\n";
    for (const auto& h : request.at("headers").as_array())
      received += std::string(h.at(0).as_string()) + ": " + std::string(h.at(1).as_string()) + "\n";
    received += std::string(request.at("body").as_string()) + "\n";
  }
  const auto encoded = forms();
  for (const auto& [name, value] : kSecrets) {
    if (name == "SEXTANT_TOKEN") continue;  // the daemon's own token never goes to a vendor
    bool sent = false;
    for (const auto& [form, text] : encoded)
      sent = sent || (form.starts_with(name + " / ") && received.find(text) != std::string::npos);
    EXPECT_TRUE(sent) << name << " was never sent to the echo server";
  }
  if (layout != "body") {  // with the body first, the echo server grants no token
    for (const auto& runtime : {kShopifyRuntimeToken, kVendureRuntimeToken})
      EXPECT_NE(received.find(runtime), std::string::npos) << runtime << " was never sent back";
  }

  // And nothing came back out: per secret, per form.
  for (const auto& [form, text] : encoded) {
    auto hits = evidence.find(text);
    EXPECT_TRUE(hits.empty()) << form << " (" << text << ") found " << hits.size() << " times, first in "
                              << (hits.empty() ? "" : hits.front());
  }
}

std::string case_name(const ::testing::TestParamInfo<SecretLeak::ParamType>& info) {
  const std::string& answer = std::get<0>(info.param);
  return (answer == "html" ? std::string("html200") : "status" + answer) + "_" + std::get<1>(info.param) + "_first";
}

INSTANTIATE_TEST_SUITE_P(EchoServer, SecretLeak,
                         ::testing::Combine(::testing::Values("401", "500", "html"),
                                            ::testing::Values("line", "headers", "body")),
                         case_name);

}  // namespace
}  // namespace sextant::test
