// source-ga4 end to end: the sextant program against a fake Google token endpoint, GA4 Data API and
// Admin API (tests/fakes/fake_ga4.py) that verifies each JWT's RS256 signature with the service
// account's public key, charges quota tokens per report, returns rows in no date order, and dates
// them in the property's zone. The fake runs on real time (the JWT's iat and exp are checked
// against it), so the days are computed from the clock here; assertions stop at yesterday, which a
// midnight passing during the test does not move out of the property's history.
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <sextant/time/calendar.hpp>
#include <sextant/time/zone.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace sextant::test {
namespace {

using namespace std::chrono;

constexpr int kSeed = 3;

// The fake's documented formula: 100 + (date.toordinal() * 37 + seed) % 50, where Python's
// ordinal of 1970-01-01 is 719163.
std::int64_t generated(sys_days day) {
  const std::int64_t ordinal = day.time_since_epoch().count() + 719163;
  return 100 + (ordinal * 37 + kSeed) % 50;
}

class Ga4Test : public ::testing::Test {
 protected:
  void SetUp() override {
    today_ = time::Zone::locate("Europe/Paris")->local_day(time_point_cast<seconds>(system_clock::now()));
    created_ = today_ - days{10};
  }

  // The fake, with the property created ten days ago; the key is written once the fake's URL is known.
  std::unique_ptr<FakeServer> start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--service-account", (dir_ / "key.json").string(), "--generate-from",
                                  time::format_date(created_ - days{30}), "--generate-to",
                                  time::format_date(today_ + days{30}), "--seed", std::to_string(kSeed),
                                  "--create-time", time::format_date(created_) + "T06:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto fake = std::make_unique<FakeServer>("fake_ga4.py", args);
    auto made = run({"python3", (source_dir() / "tests/fakes/fake_ga4.py").string(), "--make-key",
                     (dir_ / "key.json").string(), "--token-uri", fake->url() + "/token"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    write_file(dir_ / "client-key.json", read_file(dir_ / "key.json"));  // the fake verifies with key.json
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    workspace(*fake, "");
    return fake;
  }

  void workspace(const FakeServer& fake, const std::string& more) {
    write_file(dir_ / "sextant.json",
               R"({"sources": [{"name": "ga4", "plugin": "ga4", "http": {"max_attempts": 1, "timeout_seconds": 2, "deadline_seconds": 2},
                   "settings": {"property": "123456789", "service_account": {"file": "client-key.json"},
                   "allow_insecure_http": true, "data_url": ")" + fake.url() + R"(", "admin_url": ")" + fake.url() +
                   "\"" + more + "}}]}");
  }

  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", time::format_date(today_)};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {}});
  }

  // Sessions per day from the property's creation to yesterday, as `sextant metrics` gives them.
  std::vector<std::string> stored() {
    auto r = sextant({"--format", "json", "metrics", "--from", time::format_date(created_), "--to",
                      time::format_date(today_ - days{1})});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    const auto doc = boost::json::parse(r.out);
    for (const auto& d : doc.at("days").as_array())
      out.push_back(boost::json::serialize(d.at("sessions")));
    return out;
  }

  std::vector<std::string> expected() const {
    std::vector<std::string> out;
    for (sys_days d = created_; d < today_; d += days{1}) out.push_back(std::to_string(generated(d)));
    return out;
  }

  ScratchDir dir_;
  sys_days today_{}, created_{};
};

TEST_F(Ga4Test, ASyncStoresEveryDaySinceThePropertyWasCreatedWithTokensRenewedBeforeExpiry) {
  // Tokens that live 30 s are always within the plugin's minute of renewal: one per API call.
  auto fake = start({"--expires-in", "30"});
  workspace(*fake, R"(, "days_per_request": 4, "rows_per_page": 3)");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stored(), expected());
  auto stats = fake->stats();
  const auto& by = stats.at("by_endpoint").as_object();
  // 11 days (creation to today) in chunks of 4, 4 and 3, pages of 3 rows: 2 + 2 + 1 reports.
  EXPECT_EQ(by.at("runReport").to_number<int>(), 5);
  EXPECT_EQ(by.at("getProperty").to_number<int>(), 1);
  EXPECT_EQ(stats.at("tokens_issued").to_number<int>(), 6);
  EXPECT_EQ(stats.at("token_refusals").to_number<int>(), 0);
}

TEST_F(Ga4Test, ADayRestatedInsideTheWindowIsRestatedAndOneBeforeItOnlyByAFullSync) {
  auto fake = start();
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  const std::string recent = time::format_date(today_ - days{2}), old = time::format_date(today_ - days{8});
  fake->control("POST", "/__control/sessions", R"({")" + recent + R"(": 7, ")" + old + R"(": 9})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto after = stored();
  auto want = expected();
  want[8] = "7";  // today - 2 is within the 3 days read again
  EXPECT_EQ(after, want);
  ASSERT_EQ(sextant({"sync", "--full"}).exit_code, 0);
  want[2] = "9";  // today - 8
  EXPECT_EQ(stored(), want);
}

TEST_F(Ga4Test, AKeyGoogleDoesNotKnowIsRefusedAndItsPrivateKeyIsNeverShown) {
  auto fake = start();
  // Another key with the same e-mail: its signature does not verify with the account's public key.
  ScratchDir other;
  ASSERT_EQ(run({"python3", (source_dir() / "tests/fakes/fake_ga4.py").string(), "--make-key",
                 (other / "key.json").string(), "--token-uri", fake->url() + "/token"})
                .exit_code,
            0);
  auto key = boost::json::parse(read_file(dir_ / "key.json")).as_object();
  auto forged = boost::json::parse(read_file(other / "key.json")).as_object();
  key["private_key"] = forged["private_key"];
  write_file(dir_ / "client-key.json", boost::json::serialize(key));
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Google refused the service account " + std::string(key["client_email"].as_string())),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Invalid JWT Signature."), std::string::npos) << r.err;
  const std::string pem(key["private_key"].as_string());
  const std::string body = pem.substr(pem.find('\n') + 1, 40);  // a line of the key itself
  EXPECT_EQ((r.out + r.err).find(body), std::string::npos);
  EXPECT_EQ(fake->stats().at("token_refusals").to_number<int>(), 1);
}

TEST_F(Ga4Test, APropertyInAnotherTimeZoneIsRefusedNamingBothAndNothingIsStored) {
  auto fake = start({"--timezone", "America/New_York"});
  const std::string why = "GA4 property 123456789 reports days in America/New_York but the plan's shop is in "
                          "Europe/Paris";
  auto check = sextant({"check"});
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE((check.out + check.err).find(why), std::string::npos) << check.out << check.err;
  auto sync = sextant({"sync"});
  EXPECT_NE(sync.exit_code, 0);
  EXPECT_NE(sync.err.find(why), std::string::npos) << sync.err;
  EXPECT_EQ(stored(), std::vector<std::string>(10, "null"));
  EXPECT_EQ(fake->stats().at("by_endpoint").as_object().at("runReport").to_number<int>(), 0);
}

TEST_F(Ga4Test, ASpentQuotaStopsTheSyncWithItsNumbersAndTheNextSyncGoesOn) {
  // 10 tokens a report, 20 an hour: two reports leave 0, and the third is refused.
  auto fake = start({"--tokens-per-hour", "20"});
  workspace(*fake, R"(, "days_per_request": 3)");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("GA4's quota for property 123456789 is spent"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tokens left: 199980 today, 0 this hour"), std::string::npos) << r.err;
  auto partial = stored();
  auto want = expected();
  for (std::size_t i = 6; i < want.size(); ++i) want[i] = "null";  // two chunks of 3 days stored
  EXPECT_EQ(partial, want);
  fake->control("POST", "/__control/quota", R"({"tokensPerHour": 40000})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(stored(), expected());
}

TEST_F(Ga4Test, SampledAndThresholdedReportsAreSaidInCheckAndInTheSyncLog) {
  auto fake = start();
  fake->control("POST", "/__control/report",
                R"({"sampled": {"samplesReadCount": "500", "samplingSpaceSize": "2000"}, "thresholded": true})");
  auto check = sextant({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.err.find("GA4 marks the last 30 days' report sampled (500 of 2000 sessions read), thresholded"),
            std::string::npos)
      << check.err;
  auto sync = sextant({"sync"});
  EXPECT_EQ(sync.exit_code, 0) << sync.err;
  const std::string caveat = "sampled (500 of 2000 sessions read), thresholded (rows may be withheld): its sessions are "
                             "estimates";
  EXPECT_NE(sync.err.find(caveat), std::string::npos) << sync.err;
  // The run log keeps it with the run's outcome.
  auto run_log = run({"sqlite3", (dir_ / "sextant.db").string(), "SELECT message FROM runs WHERE command = 'sync ga4'"});
  ASSERT_EQ(run_log.exit_code, 0) << run_log.err;
  EXPECT_EQ(run_log.out.rfind("0 orders, 0 refunds, 11 days of sessions; warning: GA4 marks the report of " +
                                  time::format_date(created_) + " to today " + caveat, 0),
            0u)
      << run_log.out;
}

}  // namespace
}  // namespace sextant::test
