// prove(): picks the engine for a property and turns Z3 trouble into unknown verdicts.
#include "finwait/checker/symbolic/prove.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "engines.hpp"
#include "finwait/model/input_error.hpp"

namespace finwait::checker::symbolic {

std::optional<Engine> parse_engine(std::string_view text) {
  if (text == "bmc") return Engine::Bmc;
  if (text == "kind" || text == "k-induction") return Engine::KInduction;
  if (text == "pdr" || text == "spacer") return Engine::Pdr;
  if (text == "ranking") return Engine::Ranking;
  if (text == "auto") return Engine::Auto;
  return std::nullopt;
}

std::string_view engine_name(Engine e) {
  switch (e) {
    case Engine::Bmc: return "bmc";
    case Engine::KInduction: return "kind";
    case Engine::Pdr: return "pdr";
    case Engine::Ranking: return "ranking";
    case Engine::Auto: return "auto";
  }
  return "?";
}

namespace {

// Runs one engine; a Z3 exception (an interrupt at the deadline, or Z3 giving up) ends only
// this engine, as an unknown verdict.
template <class Run>
ProofOutcome guarded(const std::string& name, const std::string& engine, z3::context& ctx,
                     const Deadline& deadline, Run&& run) {
  try {
    return run(ctx, deadline);
  } catch (const z3::exception& e) {
    return unknown_outcome(name, engine, deadline.expired() ? "timeout" : std::string("Z3: ") + e.msg());
  }
}

// One engine run in a context of its own with its own share of the time: an interrupted
// context is not reused.
template <class Run>
ProofOutcome phase(const std::string& name, const std::string& engine, double seconds, Run&& run) {
  z3::context ctx;
  const Deadline deadline(ctx, seconds);
  return guarded(name, engine, ctx, deadline, run);
}

bool decided(const ProofOutcome& o) { return o.result.verdict != Verdict::Unknown; }

// Engines that run at once, each in a context and thread of its own, on the same budget; the
// first to decide stops the others. Used where one engine only refutes (lasso search) and
// another only proves (k-liveness): neither has to guess how long the other needs.
struct Racer {
  std::string engine;
  std::function<ProofOutcome(z3::context&, const Deadline&)> run;
};

ProofOutcome race(const std::string& name, double seconds, const std::vector<Racer>& racers) {
  std::mutex mutex;
  std::vector<Deadline*> running(racers.size(), nullptr);
  std::vector<ProofOutcome> results(racers.size());
  std::optional<std::size_t> winner;
  // Any other exception (an invariant that does not re-check, a trace that does not replay)
  // is an internal error: carried out of the thread and rethrown here, as without a race.
  std::vector<std::exception_ptr> errors(racers.size());
  auto work = [&](std::size_t i) {
    z3::context ctx;
    Deadline deadline(ctx, seconds);
    {
      std::lock_guard lock(mutex);
      if (winner) deadline.cancel();
      running[i] = &deadline;
    }
    try {
      results[i] = guarded(name, racers[i].engine, ctx, deadline, racers[i].run);
    } catch (...) {
      errors[i] = std::current_exception();
      results[i] = unknown_outcome(name, racers[i].engine, "internal error");
    }
    std::lock_guard lock(mutex);
    running[i] = nullptr;
    if (decided(results[i]) && !winner) {
      winner = i;
      for (Deadline* other : running)
        if (other) other->cancel();
    }
  };
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < racers.size(); ++i) threads.emplace_back(work, i);
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  if (winner) return results[*winner];
  ProofOutcome out = results.back();
  std::string why;
  for (std::size_t i = 0; i < racers.size(); ++i)
    why += (i ? "; " : "") + racers[i].engine + ": " +
           (results[i].result.notes.empty() ? "undecided" : results[i].result.notes.front());
  out.result.notes = {why};
  out.engine = "";
  for (std::size_t i = 0; i < racers.size(); ++i) out.engine += (i ? "+" : "") + racers[i].engine;
  return out;
}

// auto for invariants and reachability: 1-induction (many invariants here are inductive, and
// it is instant); then PDR (proves what holds here in seconds, slow to find counterexamples)
// races BMC (finds shallow counterexamples fast, never proves), each on its own core.
ProofOutcome prove_goal(const TransitionSystem& ts, const SafetyGoal& goal,
                        const ProofOptions& options, double seconds) {
  auto bmc = [&ts, &goal, &options](z3::context& ctx, const Deadline& d) {
    return run_bmc(ts, goal, options.bound, ctx, d);
  };
  auto kind = [&ts, &goal, &options](unsigned bound) {
    return [&ts, &goal, &options, bound](z3::context& ctx, const Deadline& d) {
      return run_kinduction(ts, goal, bound, options.want_invariant, ctx, d);
    };
  };
  auto pdr = [&](z3::context& ctx, const Deadline& d) {
    return run_pdr(ts, goal, options.want_invariant, ctx, d);
  };
  switch (options.engine) {
    case Engine::Bmc: return phase(goal.name, "bmc", seconds, bmc);
    case Engine::KInduction: return phase(goal.name, "k-induction", seconds, kind(options.bound));
    case Engine::Pdr: return phase(goal.name, "pdr", seconds, pdr);
    case Engine::Ranking:
      return unknown_outcome(goal.name, "ranking", "the ranking engine proves temporal claims; "
                                                   "bmc, kind, pdr and auto take invariants");
    case Engine::Auto: break;
  }
  const auto start = std::chrono::steady_clock::now();
  if (!options.want_invariant) {
    ProofOutcome quick = phase(goal.name, "k-induction", seconds, kind(1));
    if (decided(quick)) return quick;
  }
  const double left =
      seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return race(goal.name, left, {{"pdr", pdr}, {"bmc", bmc}});
}

// auto for temporal claims: lasso search (refutes) races the proving side, which tries a fair
// ranking certificate first (it settles the response claims it fits in seconds and gives up
// quickly otherwise) and then k-liveness, at every capacity including inf.
ProofOutcome prove_temporal(const TransitionSystem& ts, const properties::PropertySpec& spec,
                            const ProofOptions& options, double seconds) {
  if (options.engine == Engine::KInduction)
    return unknown_outcome(spec.name, "kind", "k-induction proves invariants only; the "
                                              "bmc, pdr, ranking and auto engines take temporal claims");
  auto lasso = [&](z3::context& ctx, const Deadline& d) {
    return run_lasso_bmc(ts, spec, options.bound, ctx, d);
  };
  auto kliveness = [&](z3::context& ctx, const Deadline& d) {
    return run_kliveness(ts, spec, options.want_invariant, ctx, d);
  };
  auto ranking = [&](z3::context& ctx, const Deadline& d) {
    return run_ranking(ts, spec, options.want_invariant, ctx, d);
  };
  if (options.engine == Engine::Bmc) return phase(spec.name, "lasso-bmc", seconds, lasso);
  if (options.engine == Engine::Pdr) return phase(spec.name, "k-liveness", seconds, kliveness);
  if (options.engine == Engine::Ranking) return phase(spec.name, "ranking", seconds, ranking);
  // Both proving engines in one context: a cancelled race stops whichever is running.
  auto prover = [&](z3::context& ctx, const Deadline& d) {
    ProofOutcome ranked = guarded(spec.name, "ranking", ctx, d, ranking);
    if (decided(ranked) || d.expired()) return ranked;
    ProofOutcome out = guarded(spec.name, "k-liveness", ctx, d, kliveness);
    if (!decided(out)) out.result.notes.front() = "ranking: " + ranked.result.notes.front() + "; k-liveness: " + out.result.notes.front();
    return out;
  };
  return race(spec.name, seconds, {{"lasso-bmc", lasso}, {"ranking+k-liveness", prover}});
}

template <class Run>
ProofOutcome timed(const TransitionSystem& ts, Run&& run) {
  const auto start = std::chrono::steady_clock::now();
  ProofOutcome out = run();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!out.result.trace) out.replay_config = ts.config();
  return out;
}

}  // namespace

std::string z3_version() {
  unsigned major = 0, minor = 0, build = 0, revision = 0;
  Z3_get_version(&major, &minor, &build, &revision);
  return fmt::format("{}.{}.{}", major, minor, build);
}

void limit_memory(std::uint64_t bytes) {
  const std::uint64_t megabytes = bytes >> 20;
  if (megabytes < 64)
    throw InputError("max_memory", fmt::format("{} bytes is below the 64M Z3 needs to start", bytes));
  z3::set_param("memory_max_size", std::to_string(megabytes).c_str());
}

model::ModelConfig replay_config(const model::ModelConfig& config,
                                 const std::vector<ProofOutcome>& outcomes) {
  model::ModelConfig at = config;
  if (!config.capacity_infinite()) return at;
  at.capacity = 1;
  for (const auto& o : outcomes)
    if (o.result.trace) at.capacity = std::max(at.capacity, o.replay_config.capacity);
  return at;
}

ProofOutcome prove(const TransitionSystem& ts, const properties::PropertySpec& spec,
                   const ProofOptions& options) {
  return timed(ts, [&] {
    if (spec.kind == properties::ClaimKind::Temporal)
      return prove_temporal(ts, spec, options, options.timeout_seconds);
    return prove_goal(ts, safety_goal(ts, spec), options, options.timeout_seconds);
  });
}

ProofOutcome prove_reach(const TransitionSystem& ts, const std::string& text,
                         const properties::Formula& goal, const ProofOptions& options) {
  return timed(ts, [&] {
    return prove_goal(ts, reach_goal(ts, text, goal), options, options.timeout_seconds);
  });
}

}  // namespace finwait::checker::symbolic
