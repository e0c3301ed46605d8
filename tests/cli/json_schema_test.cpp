// Observation 7 of issue 12: JSON differed between subcommands (check had `queries` and
// `stats`, prove listed queries as "reach QUERY" under `properties` and had no `stats`) and
// carried no version. Every subcommand's --json is checked here against docs/json.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using nlohmann::json;

namespace {

// The fields docs/json.md lists for the envelope; `with_config` for documents about a model.
void check_envelope(const json& j, const std::string& command, bool with_config = true) {
  INFO(command);
  REQUIRE(j.is_object());
  CHECK(j["schema"] == finwait::cli::kJsonSchemaVersion);
  CHECK(j["finwait"].is_string());
  CHECK(j["command"] == command);
  if (with_config) {
    CHECK(j["config"]["capacity"].is_number());
    CHECK(j["config"]["time_wait"].is_string());
  }
}

// An outcome has the same fields whichever engine decided it.
void check_outcome(const json& o) {
  for (const char* key : {"name", "verdict", "engine", "steps", "initial", "trace", "cycle_start", "cause", "notes"}) {
    INFO(key);
    CHECK(o.contains(key));
  }
  CHECK(o["notes"].is_array());
  CHECK((o["verdict"] == "violated") == o["cause"].is_string());
}

json run_json(std::vector<std::string> args, int expected_status) {
  args.push_back("--json");
  const auto r = run_cli(args);
  INFO(r.err);
  CHECK(r.status == expected_status);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("check and prove write the same outcomes, queries and stats", "[cli][smt]") {
  const std::vector<std::string> args = {"--property", "graceful", "--reach", "A=CLOSING"};
  std::vector<std::string> check = {"check"}, prove = {"prove", "--engine", "bmc", "--bound", "8"};
  check.insert(check.end(), args.begin(), args.end());
  prove.insert(prove.end(), args.begin(), args.end());
  const json c = run_json(check, 1), p = run_json(prove, 1);
  check_envelope(c, "check");
  check_envelope(p, "prove");
  for (const json* j : {&c, &p}) {
    REQUIRE((*j)["properties"].size() == 1);
    REQUIRE((*j)["queries"].size() == 1);
    check_outcome((*j)["properties"][0]);
    check_outcome((*j)["queries"][0]);
    CHECK((*j)["queries"][0]["name"] == "A=CLOSING");
    CHECK((*j)["queries"][0]["verdict"] == "reachable");
    CHECK((*j)["stats"]["seconds"].get<double>() > 0);
    CHECK((*j)["stats"]["peak_rss_bytes"].get<std::uint64_t>() > 0);
  }
  CHECK(c["properties"][0]["engine"] == "explicit");
  CHECK(p["properties"][0]["engine"] == "bmc");
  CHECK(c["properties"][0]["steps"] == p["properties"][0]["steps"]);
  CHECK(c["stats"]["states"] == 2962);
  for (const char* key : {"engine", "bound", "timeout_seconds", "max_seconds"}) CHECK(p["options"].contains(key));
}

TEST_CASE("simulate, replay and properties write the envelope and their documented fields", "[cli]") {
  const json s = run_json({"simulate", "A close; A->B drop"}, 0);
  check_envelope(s, "simulate");
  CHECK(s["initial"].is_object());
  CHECK(s["trace"].size() == 2);
  const json random = run_json({"simulate", "--random", "5", "--seed", "3"}, 0);
  check_envelope(random, "simulate");
  CHECK(random["seed"] == 3);

  const std::string traces = temp_path("schema.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--trace-out", traces}).status == 1);
  const json r = run_json({"replay", traces}, 0);
  check_envelope(r, "replay");
  CHECK(r["file"] == traces);
  REQUIRE(r["traces"].size() == 1);
  for (const char* key : {"kind", "name", "steps", "replays", "problem", "shows"}) CHECK(r["traces"][0].contains(key));
  CHECK(r["traces"][0]["replays"] == true);

  const json props = run_json({"properties"}, 0);
  check_envelope(props, "properties", false);
  CHECK(props["library"].is_string());
  REQUIRE(props["properties"].size() >= 11);
  for (const char* key : {"name", "kind", "meaning", "source"}) CHECK(props["properties"][0].contains(key));
}

TEST_CASE("trace files carry the envelope and replay refuses a newer schema", "[cli]") {
  const std::string traces = temp_path("envelope.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--trace-out", traces}).status == 1);
  std::ifstream in(traces);
  json file = json::parse(in);
  check_envelope(file, "check");
  CHECK(file["format"] == "finwait-trace");
  file["schema"] = finwait::cli::kJsonSchemaVersion + 1;
  const std::string newer = temp_path("newer.json");
  std::ofstream(newer) << file.dump();
  const auto r = run_cli({"replay", newer});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Matchers::Contains("written for JSON schema 2; this finwait reads schema 1"));
  // A file from before the schema ("version": 1, no "schema") still replays.
  file.erase("schema");
  file.erase("finwait");
  file.erase("command");
  file["version"] = 1;
  const std::string older = temp_path("older.json");
  std::ofstream(older) << file.dump();
  CHECK(run_cli({"replay", older}).status == 0);
}

TEST_CASE("verdicts and conform write the envelope and their documented fields", "[cli]") {
  const json v = run_json({"verdicts", "--property", "graceful"}, 0);
  check_envelope(v, "verdicts");
  REQUIRE(v["columns"].size() >= 2);
  for (const char* key : {"title", "parameter", "value", "config"}) CHECK(v["columns"][0].contains(key));
  REQUIRE(v["properties"].size() == 1);
  const json& cells = v["properties"][0]["cells"];
  CHECK(cells.size() == v["columns"].size());
  for (const char* key : {"verdict", "steps", "lasso", "cause"}) CHECK(cells[0].contains(key));

  const std::string capture = std::string(FINWAIT_SOURCE_DIR) + "/tests/conform/fixtures/four_way_close.pcap";
  const json c = run_json({"conform", capture}, 0);
  check_envelope(c, "conform");
  for (const char* key : {"packets", "connections", "conforming", "first_bad_packet", "bad", "files"})
    CHECK(c.contains(key));
  CHECK(c["conforming"] == true);
}
