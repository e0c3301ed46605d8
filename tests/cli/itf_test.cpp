// ITF export (--itf) and ITF replay: the document's shape, replays that pass, and corrupted
// documents rejected with the file and the state index.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "itf.hpp"
#include "test_support.hpp"

using finwait::testing::run_cli;
using finwait::testing::temp_path;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

json read_json(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

void write_json(const std::string& path, const json& j) {
  std::ofstream out(path);
  out << j.dump(2) << '\n';
}

// An ITF state without its index and step: the model state alone.
json model_part(json state) {
  state.erase("#meta");
  state.erase("step");
  return state;
}

}  // namespace

TEST_CASE("check --itf writes one ITF document per trace, with loop only for a lasso", "[cli]") {
  const std::string file = temp_path("shape.itf.json");
  const auto r = run_cli({"check", "--property", "proper-termination", "--property", "terminates", "--itf", file});
  REQUIRE(r.status == 1);
  const std::string second = finwait::cli::itf_path(file, 1);
  CHECK(second.ends_with(".2.itf.json"));
  CHECK_THAT(r.err, Contains("--itf: wrote 2 traces: " + file + " (proper-termination), " + second + " (terminates)"));
  const json safety = read_json(file);
  CHECK(safety["#meta"]["format"] == "ITF");
  CHECK(safety["#meta"]["source"] == "finwait check");
  CHECK_THAT(safety["#meta"]["description"].get<std::string>(), Contains("proper-termination violated"));
  CHECK(safety["#meta"]["config"]["capacity"] == 2);
  CHECK(safety["vars"] == json({"A.st", "A.retx", "A.why", "B.st", "B.retx", "B.why", "A->B", "B->A", "step"}));
  REQUIRE(safety["states"].size() == 9);  // the initial state and 8 steps
  for (std::size_t i = 0; i < safety["states"].size(); ++i) {
    const json& s = safety["states"][i];
    CHECK(s["#meta"]["index"] == i);
    for (const json& v : safety["vars"]) CHECK(s.contains(v.get<std::string>()));
  }
  CHECK(safety["states"][0]["step"] == "(initial)");
  CHECK(safety["states"][0]["A.st"] == "ESTABLISHED");
  CHECK(safety["states"][1]["step"] == "A close");
  CHECK(safety["states"][1]["A->B"] == json({"FIN"}));
  CHECK(safety["states"][8]["B.why"] == "giveup");
  CHECK_FALSE(safety.contains("loop"));
  const json lasso = read_json(second);
  REQUIRE(lasso.contains("loop"));
  const std::size_t loop = lasso["loop"].get<std::size_t>();
  CHECK(loop == 8);  // "cycle from step 9": the state after step 8
  CHECK(model_part(lasso["states"][loop]) == model_part(lasso["states"].back()));
}

TEST_CASE("a bag channel is an ITF #map from letter to count", "[cli]") {
  const std::string file = temp_path("bag.itf.json");
  REQUIRE(run_cli({"check", "--channel", "bag", "--property", "graceful", "--itf", file}).status == 1);
  const json itf = read_json(file);
  CHECK(itf["#meta"]["config"]["channel"] == "bag");
  CHECK(itf["states"][0]["A->B"] == json::parse(R"({"#map": []})"));
  CHECK(itf["states"][1]["A->B"] == json::parse(R"({"#map": [["FIN", 1]]})"));
  const auto replayed = run_cli({"replay", file});
  CHECK(replayed.status == 0);
  CHECK_THAT(replayed.out, Contains("replays, 4 steps, ends in a violation"));
}

TEST_CASE("ITF traces replay: counterexamples, lassos and witnesses", "[cli]") {
  const std::string file = temp_path("replay.itf.json");
  REQUIRE(run_cli({"check", "--property", "graceful", "--property", "no-fin-wait-2-hang",
                   "--reach", "A=TIME_WAIT and B=TIME_WAIT", "--itf", file}).status == 1);
  const auto first = run_cli({"replay", file});
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Contains(file + ": trace 1 (property graceful): replays, 4 steps, ends in a violation"));
  const auto lasso = run_cli({"replay", finwait::cli::itf_path(file, 1)});
  CHECK(lasso.status == 0);
  CHECK_THAT(lasso.out, Contains("(property no-fin-wait-2-hang): replays, 9 steps, a fair lasso"));
  const auto witness = run_cli({"replay", finwait::cli::itf_path(file, 2)});
  CHECK(witness.status == 0);
  CHECK_THAT(witness.out, Contains("(query A=TIME_WAIT and B=TIME_WAIT): replays, 6 steps, ends in a state satisfying it"));
  // Integers may be written as Quint writes them, {"#bigint": "N"}; labels may be left out.
  json itf = read_json(file);
  for (json& s : itf["states"]) {
    s["A.retx"] = {{"#bigint", std::to_string(s["A.retx"].get<unsigned>())}};
    s.erase("step");
  }
  write_json(file, itf);
  CHECK(run_cli({"replay", file}).status == 0);
}

TEST_CASE("a corrupted ITF state is an input error naming the file and the state index", "[cli]") {
  const std::string file = temp_path("good.itf.json");
  REQUIRE(run_cli({"check", "--property", "proper-termination", "--property", "terminates", "--itf", file}).status == 1);
  const json good = read_json(file);
  const std::string bad = temp_path("bad.itf.json");
  json unreachable = good;
  unreachable["states"][3]["B.st"] = "TIME_WAIT";  // no step leads there from state 2
  write_json(bad, unreachable);
  auto r = run_cli({"replay", bad});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(bad + ": state 3: no enabled step 'A->B deliver FIN' leads from state 2 to this state"));
  json unknown = good;
  unknown["states"][5]["A.st"] = "FIN_WAIT_3";
  write_json(bad, unknown);
  r = run_cli({"replay", bad});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(bad + ": state 5: unknown state 'FIN_WAIT_3'"));
  json missing = good;
  missing["states"][2].erase("B->A");
  write_json(bad, missing);
  r = run_cli({"replay", bad});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(bad + ": state 2: missing variable 'B->A'"));
  json no_config = good;
  no_config["#meta"].erase("config");
  write_json(bad, no_config);
  r = run_cli({"replay", bad});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains(bad + ": an ITF trace needs the model's configuration in \"#meta\""));
  // A lasso whose loop does not close: it replays, but does not show what it claims (exit 1).
  json wrong_loop = read_json(finwait::cli::itf_path(file, 1));
  REQUIRE(wrong_loop["loop"] == 8);
  wrong_loop["loop"] = 2;
  write_json(bad, wrong_loop);
  CHECK(run_cli({"replay", bad}).status == 1);
}

TEST_CASE("check --itf without any trace writes nothing and says so", "[cli]") {
  const std::string file = temp_path("none.itf.json");
  const auto r = run_cli({"check", "--property", "no-unexpected", "--itf", file});
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Contains("--itf: the run has no counterexample or witness; " + file + " not written"));
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("prove --itf writes traces that replay", "[cli]") {
  const std::string file = temp_path("prove.itf.json");
  REQUIRE(run_cli({"prove", "--property", "graceful", "--engine", "bmc", "--bound", "6", "--itf", file}).status == 1);
  CHECK(read_json(file)["#meta"]["source"] == "finwait prove");
  const auto r = run_cli({"replay", file});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("(property graceful): replays"));
}
